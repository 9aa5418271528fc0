// Tags on the article form: Select2 (shipped with the admin) in "tags" mode. Existing tags
// are suggested by the admin's autocomplete view; their names, not ids, are sent back.
'use strict';
{
    const $ = django.jQuery;

    function init(element) {
        const data = element.dataset;
        $(element).select2({
            tags: true,
            tokenSeparators: [','],
            width: 'min(100%, 40em)',  // set from here: the CSP refuses style attributes
            ajax: {
                url: data.url,
                dataType: 'json',
                delay: 250,
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: data.appLabel,
                    model_name: data.modelName,
                    field_name: data.fieldName,
                }),
                processResults: (response) => ({
                    results: response.results.map((tag) => ({id: tag.text, text: tag.text})),
                    pagination: response.pagination,
                }),
            },
        });
    }

    $(() => {
        document.querySelectorAll('select.tag-autocomplete').forEach(init);
    });
}
