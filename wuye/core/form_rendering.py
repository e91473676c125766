"""One place that marks required fields in every form (settings.FORM_RENDERER).

Django adds `required_css_class` to a required field's <label> only when each form class sets it;
the console has dozens of forms in many apps, so the renderer does it for all of them: the label
(or legend) of a required field gets class="required", and console.css draws a red * after it.
Templates that write a label by hand (servicedesk/_field.html) add the class themselves.
"""

from django.forms.renderers import DjangoTemplates

REQUIRED_CSS_CLASS = "required"


class ConsoleFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        field = context.get("field") if isinstance(context, dict) else None
        bound_form = getattr(field, "form", None)
        if (
            bound_form is not None
            and template_name == bound_form.template_name_label
            and context.get("use_tag")
            and field.field.required
        ):
            attrs = dict(context.get("attrs") or {})
            classes = attrs.get("class", "").split()
            if REQUIRED_CSS_CLASS not in classes:
                attrs["class"] = " ".join([*classes, REQUIRED_CSS_CLASS])
            context = {**context, "attrs": attrs}
        return super().render(template_name, context, request)
