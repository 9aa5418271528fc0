// Article change form: every few seconds, renew the editor's lock on the article (learning
// when another editor took it over) and autosave the typed fields when they changed.
// Settings: the #edit-lock element's data attributes (news.admin.ArticleAdmin.editing_context).
'use strict';
{
    function start(settings) {
        const form = document.getElementById('article_form');
        const status = document.getElementById('edit-lock-status');
        const token = form.querySelector('[name=csrfmiddlewaretoken]').value;
        const fields = settings.fields.split(' ');
        let lastSaved = JSON.stringify(typedFields(form, fields));
        let held = true;

        function post(url, body) {
            body.append('csrfmiddlewaretoken', token);
            return fetch(url, {method: 'POST', body: body, credentials: 'same-origin'})
                .then((response) => response.ok ? response.json() : Promise.reject(response));
        }

        function tick() {
            if (held) {
                post(settings.heartbeatUrl, new FormData()).then((answer) => {
                    held = answer.held;
                    if (!held) {
                        status.textContent = answer.message;
                        status.classList.add('lost');
                    }
                }).catch(() => {});
            }
            const typed = typedFields(form, fields);
            const snapshot = JSON.stringify(typed);
            if (snapshot !== lastSaved) {
                const body = new FormData();
                Object.entries(typed).forEach(([name, value]) => body.append(name, value));
                post(settings.autosaveUrl, body).then((answer) => {
                    lastSaved = snapshot;
                    if (held) {
                        status.textContent = answer.message;
                    }
                }).catch(() => {});
            }
        }
        window.setInterval(tick, Number(settings.seconds) * 1000);
    }

    function typedFields(form, names) {
        const typed = {};
        names.forEach((name) => {
            const field = form.elements.namedItem(name);
            if (field && 'value' in field) {
                typed[name] = field.value;
            }
        });
        return typed;
    }

    window.addEventListener('load', () => {
        const element = document.getElementById('edit-lock');
        if (element) {
            start(element.dataset);
        }
    });
}
