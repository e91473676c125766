"""Service-desk API: explicit input serializers per action, output serializers per resource.

Inputs only parse and shape; every rule (permissions, transitions, event times, deadlines) is
checked by the service the view calls.
"""

# One namespace for the views (`from wuye.servicedesk.api import serializers as s`), built from the
# modules named after what they hold.
from wuye.servicedesk.api.serializers.actions import *  # noqa: F403
from wuye.servicedesk.api.serializers.desk import *  # noqa: F403
from wuye.servicedesk.api.serializers.fields import *  # noqa: F403
from wuye.servicedesk.api.serializers.tickets import *  # noqa: F403
