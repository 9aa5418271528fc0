// Article change form: the boxes that scripts add for a field (the rich-text editor's text
// area, the search box of an autocomplete field) are named after the field's label, so that
// screen readers announce them. Select2 re-creates its search box as tags are chosen: names are
// given to each new one.
'use strict';
{
    const BOXES = '[contenteditable=true], .select2-search__field';

    function name(box) {
        const label = box.closest('.form-row')?.querySelector('label');
        if (label && !box.hasAttribute('aria-label')) {
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
