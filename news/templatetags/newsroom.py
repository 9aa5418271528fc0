"""Admin-side template tags: the newsroom dashboard on the admin index."""

from django import template

from news import dashboard, roles

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    """What waits for the signed-in user, by role, and the activity chart."""
    user = context["request"].user
    return {
        "user": user,
        "perms": context["perms"],
        "article_counts": dashboard.article_counts(user) if roles.can_view(user) else None,
        "chart": dashboard.activity_chart(),
    }
