"""Model field classes of the news app.

Migrations name a field's class, so they import this module: keep it to field classes whose
behaviour old migrations may rely on.
"""

from django.db import models


class StoredSizeImageField(models.ImageField):
    """An ImageField that never opens its file to learn the size of an image already stored.

    Django's ImageField opens the file of every loaded row whose width or height is empty;
    here the size is read only when a file is assigned, or on save when it is still missing.
    """

    def update_dimension_fields(self, instance, force=False, **kwargs):
        if force:
            super().update_dimension_fields(instance, force=True)

    def pre_save(self, instance, add):
        file = super().pre_save(instance, add)
        if file and getattr(instance, self.width_field) is None:
            super().update_dimension_fields(instance, force=True)
        return file
