// The body editor's image picker window: hand the chosen image back to the figure dialog
// through the CKEditor-style callback django-prose-editor installs, then close.
'use strict';
document.addEventListener('click', (event) => {
    const choice = event.target.closest('.image-picker__choice');
    const funcNum = new URLSearchParams(window.location.search).get('CKEditorFuncNum');
    if (!choice || !funcNum || !window.opener || !window.opener.CKEDITOR) {
        return;
    }
    const url = new URL(choice.dataset.url, window.location.href).pathname;
    window.opener.CKEDITOR.tools.callFunction(funcNum, url, {
        alternative_text: choice.dataset.alt,
        caption: choice.dataset.caption,
    });
    window.close();
});
