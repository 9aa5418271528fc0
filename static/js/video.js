// A video in an article is a link to YouTube until the reader asks to play it: then, and
// only then, the player loads from youtube-nocookie.com in its place (news/body.py).
'use strict';
document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-youtube]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
    }
    event.preventDefault();
    const player = document.createElement('iframe');
    player.className = 'video__player';
    player.src = `https://www.youtube-nocookie.com/embed/${encodeURIComponent(link.dataset.youtube)}?autoplay=1`;
    player.title = link.dataset.title;
    player.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    player.allowFullscreen = true;
    player.referrerPolicy = 'strict-origin-when-cross-origin';
    link.replaceWith(player);
    player.focus();
});
