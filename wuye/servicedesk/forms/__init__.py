"""Console forms of the service desk. They parse input only; the services decide the rules."""

from wuye.servicedesk.forms.actions import (  # noqa: F401
    ActionForm,
    CancelForm,
    ClassifyForm,
    CloseForm,
    CompleteForm,
    ContractorNoticeForm,
    CustomerAcceptForm,
    DispatchForm,
    EscalateForm,
    ExtendDeadlineForm,
    HandoverForm,
    IncidentForm,
    NoteForm,
    OpinionForm,
    QuoteForm,
    ReplyForm,
    ReturnVisitForm,
)
from wuye.servicedesk.forms.contacts import (  # noqa: F401
    ContactLogForm,
    CustomerVisitForm,
    FromContactLogForm,
    TicketFilterForm,
)
from wuye.servicedesk.forms.fields import (  # noqa: F401
    ChipSelect,
    ProjectFormMixin,
    UnitCodeField,
    datetime_field,
    event_time_field,
    text_area,
)
from wuye.servicedesk.forms.intake import (  # noqa: F401
    IntakeForm,
    ServiceItemSelect,
)
