from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import migrations, models
from django.utils import timezone


def names_a_person(keyword):
    try:
        validate_ipv46_address(keyword)
    except ValidationError:
        return "@" in keyword
    return True


def start_expiry_of_personal_rules(apps, schema_editor):
    """Existing rules for an email or IP address expire COMMENTS_BLOCK_DAYS from now."""
    KeywordRule = apps.get_model("comments", "KeywordRule")
    expires_at = timezone.now() + timedelta(days=settings.COMMENTS_BLOCK_DAYS)
    personal = [rule.pk for rule in KeywordRule.objects.all() if names_a_person(rule.keyword)]
    KeywordRule.objects.filter(pk__in=personal).update(expires_at=expires_at)


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0005_keyword_rule_message'),
    ]

    operations = [
        migrations.AddField(
            model_name='keywordrule',
            name='expires_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Rules for an email or IP address stop applying then and are deleted, unless renewed. Rules for words and URLs never expire.', null=True, verbose_name='expires'),
        ),
        migrations.RunPython(start_expiry_of_personal_rules, migrations.RunPython.noop),
    ]
