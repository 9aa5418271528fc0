// The "Baca juga" picker window: hand the chosen article back to the body editor that opened
// it (static/news/admin/read-also.js), then close.
'use strict';
document.addEventListener('click', (event) => {
    const choice = event.target.closest('.article-picker__choice');
    if (!choice || !window.opener) {
        return;
    }
    window.opener.postMessage({
        readAlso: { article: choice.dataset.id, title: choice.dataset.title, href: choice.dataset.href },
    }, window.location.origin);
    window.close();
});
