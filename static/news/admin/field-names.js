// Article change form: the boxes that scripts add for a field (the rich-text editor's text
// area, the search box of an autocomplete field, an empty autocomplete's selection) are named
// after the field's label, so that screen readers announce them. Select2 re-creates its search
// box as tags are chosen: names are given to each new one.
'use strict';
{
    const BOXES = '[contenteditable=true], .select2-search__field, .select2-selection__rendered';

    function name(box) {
        const label = box.closest('.form-row')?.querySelector('label');
        const chosen = box.matches('.select2-selection__rendered') && box.textContent.trim();
        if (label && !chosen && !box.hasAttribute('aria-label')) {
            box.setAttribute('aria-label', label.textContent.trim().replace(/:$/, ''));
        }
    }

    function boxesIn(node) {
        if (!(node instanceof Element)) {
            return [];
        }
        return node.matches(BOXES) ? [node] : [...node.querySelectorAll(BOXES)];
    }

    new MutationObserver((mutations) => {
        mutations.forEach((mutation) => {
            mutation.addedNodes.forEach((node) => boxesIn(node).forEach(name));
        });
    }).observe(document.documentElement, {childList: true, subtree: true});
}
