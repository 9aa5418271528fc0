// The rich-text editor's menu bar in the admin's language. django-prose-editor passes its
// dialogs' strings through the admin's gettext (window.gettext, from the admin's jsi18n
// catalogue) but not its menu bar's tooltips and entries ("bold", "Heading 2", "Paragraph"):
// this translates those through the same catalogue (locale/*/LC_MESSAGES/djangojs.po) when the
// menu bar appears. Icon names (the text of .material-icons buttons) are left alone.
'use strict';
{
    const MENU = '.prose-menubar';

    function translated(text) {
        return text && window.gettext ? window.gettext(text) : text;
    }

    function translateAttribute(element, name) {
        const text = element.getAttribute(name);
        const target = translated(text);
        if (target !== text) {
            element.setAttribute(name, target);
        }
    }

    function translateMenu(menu) {
        menu.querySelectorAll('[title]').forEach((element) => translateAttribute(element, 'title'));
        menu.querySelectorAll('[aria-label]').forEach(
            (element) => translateAttribute(element, 'aria-label'));
        menu.querySelectorAll('*').forEach((element) => {
            if (element.children.length === 0 && !element.classList.contains('material-icons')) {
                const target = translated(element.textContent);
                if (target !== element.textContent) {
                    element.textContent = target;
                }
            }
        });
    }

    function menusIn(node) {
        if (!(node instanceof Element)) {
            return [];
        }
        const inside = node.closest(MENU);
        return inside ? [inside] : [...node.querySelectorAll(MENU)];
    }

    new MutationObserver((mutations) => {
        mutations.forEach((mutation) => {
            mutation.addedNodes.forEach((node) => menusIn(node).forEach(translateMenu));
        });
    }).observe(document.documentElement, {childList: true, subtree: true});
}
