// Article change form: count the title's characters as the editor types. Search results show
// about data-seo-length characters of a title; data-length is the longest the site shows in
// full. Without this script the title's help text states both.
'use strict';
{
    function start(input) {
        const seo = Number(input.dataset.seoLength);
        const limit = Number(input.dataset.length);
        const counter = document.createElement('p');
        counter.id = input.id + '_counter';
        counter.className = 'title-counter';
        counter.setAttribute('aria-live', 'polite');
        input.parentNode.appendChild(counter);
        const describedBy = (input.getAttribute('aria-describedby') || '').trim();
        input.setAttribute('aria-describedby', (describedBy + ' ' + counter.id).trim());

        function update() {
            const length = [...input.value].length;
            let text = interpolate(gettext('%(length)s of %(limit)s characters'),
                {length: length, limit: limit}, true);
            if (length > limit) {
                text += ' — ' + gettext('too long for the headlines');
            } else if (length > seo) {
                text += ' — ' + interpolate(
                    gettext('search results cut it after about %(seo)s'), {seo: seo}, true);
            }
            counter.textContent = text;
            counter.classList.toggle('is-long', length > seo && length <= limit);
            counter.classList.toggle('is-too-long', length > limit);
        }
        input.addEventListener('input', update);
        update();
    }

    window.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('input.desk-title').forEach(start);
    });
}
