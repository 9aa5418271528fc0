"""Moving a WordPress site in: `manage.py import_wordpress EXPORT.xml`.

`wxr` reads the export file as a stream, `content` turns post bodies into the site's HTML,
`media` brings files over from a copy of wp-content/uploads, `importer` writes the rows and
`report` counts what happened to each.
"""
