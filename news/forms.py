from django import forms
from django.core.validators import FileExtensionValidator

from . import images
from .models import Article, OldSlug


class FeaturedImageField(forms.ImageField):
    """An image upload checked by news.images (format, bytes, pixels) instead of Django's."""

    default_validators = [FileExtensionValidator(images.ALLOWED_EXTENSIONS)]

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            images.check_upload(upload)
        return upload


class ArticleAdminForm(forms.ModelForm):
    """The article change form's own fields; the admin adds the others from its fieldsets."""

    class Meta:
        model = Article
        fields = ["slug", "status", "featured_image", "image_alt"]
        field_classes = {"featured_image": FeaturedImageField}

    def save(self, commit=True):
        """Save; a published article whose slug changed keeps its old address as a redirect."""
        article = super().save(commit=commit)
        if "slug" in self.changed_data:
            was_published = self.initial.get("status") == Article.Status.PUBLISHED
            OldSlug.objects.record(article, self.initial.get("slug") if was_published else None)
        return article
