"""Serializers of the renovation API shared by the three parts: the base and detail outputs, and
the inputs of the application part (the other parts keep theirs in their own files)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import IdType
from wuye.estate.models import Owner, Unit
from wuye.renovation.choices import (
    AgreementSigner,
    ApplicantKind,
    DocumentKind,
    PremisesKind,
    RenovationStatus,
    SignOffParty,
    SignOffStage,
)
from wuye.renovation.files import document_file_url
from wuye.renovation.models import Renovation, RenovationDocument, SignOff
from wuye.renovation.selectors import is_approval_late
from wuye.renovation.services.application import entry_missing, file_missing


def _choice(name: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice input documented inline under its own name (no enum-name collisions)."""
    values = list(choices.values)
    listed = ", ".join(f"`{v}`" for v in values)
    schema = {"allOf": [{"type": "string", "enum": values}], "description": f"One of {listed}."}
    field_class = extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """Outputs carry the value as a plain string, with a `*_label` beside it."""


class OutputSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField


MISSING_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "Item (document kind or field) → what is missing about it; empty when complete.",
}


# --- outputs -----------------------------------------------------------------------------------------


class RenovationSerializer(OutputSerializer):
    unit_label = serializers.CharField(source="unit.__str__", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    approval_late = serializers.SerializerMethodField(
        help_text="Decided after the due time, or still waiting past it; null before the file is complete."
    )

    class Meta:
        model = Renovation
        fields = [
            "id",
            "number",
            "project",
            "unit",
            "unit_label",
            "status",
            "status_label",
            "owner",
            "owner_name",
            "applicant_kind",
            "premises_kind",
            "company_name",
            "planned_start",
            "planned_end",
            "file_complete_at",
            "approval_due_at",
            "approval_late",
            "decided_at",
            "started_at",
            "accepted_on",
            "refundable_on",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_approval_late(self, renovation) -> bool | None:
        return is_approval_late(renovation)


class RenovationDocumentSerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    file_url = serializers.SerializerMethodField(
        help_text="The scan's address, or null when none was uploaded."
    )
    received_by_name = serializers.CharField(source="received_by.__str__", read_only=True)

    class Meta:
        model = RenovationDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "reference",
            "holder",
            "stamped",
            "issued_on",
            "expires_on",
            "file_url",
            "note",
            "received_at",
            "received_by",
            "received_by_name",
            "removed_at",
        ]
        read_only_fields = fields

    def get_file_url(self, document) -> str | None:
        return document_file_url(document)


class SignOffSerializer(OutputSerializer):
    party_label = serializers.CharField(source="get_party_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = SignOff
        fields = [
            "id",
            "stage",
            "stage_label",
            "party",
            "party_label",
            "signer_name",
            "signed_by",
            "recorded_by",
            "at",
            "note",
        ]
        read_only_fields = fields


class RenovationDetailSerializer(RenovationSerializer):
    """The whole application with its file, what is still missing and the signatures."""

    documents = serializers.SerializerMethodField()
    sign_offs = SignOffSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField(
        help_text="What the file still lacks (file_missing); the submission is refused while not empty."
    )
    entry_missing = serializers.SerializerMethodField(
        help_text="Once approved: what must still be recorded before the work may start."
    )
    decided_by_name = serializers.SerializerMethodField()

    class Meta(RenovationSerializer.Meta):
        fields = [
            *RenovationSerializer.Meta.fields,
            "agent_name",
            "agent_id_type",
            "agent_id_number",
            "agent_mobile",
            "commitment_signed",
            "notes_handed_over_at",
            "scope",
            "company_credit_code",
            "company_responsible",
            "company_responsible_id_type",
            "company_responsible_id_number",
            "company_mobile",
            "fire_work",
            "structure_work",
            "gas_work",
            "decided_by",
            "decided_by_name",
            "decision_note",
            "owner_confirmed_at",
            "agreement_signer",
            "agreement_signed_at",
            "briefing_at",
            "briefing_by",
            "fees_charged_at",
            "deposit",
            "permit_number",
            "permit_issued_at",
            "created_by",
            "documents",
            "sign_offs",
            "missing",
            "entry_missing",
        ]
        read_only_fields = fields

    @extend_schema_field(RenovationDocumentSerializer(many=True))
    def get_documents(self, renovation):
        rows = [d for d in renovation.documents.all() if d.removed_at is None]
        return RenovationDocumentSerializer(rows, many=True, context=self.context).data

    @extend_schema_field(MISSING_SCHEMA)
    def get_missing(self, renovation) -> dict:
        if renovation.status not in (RenovationStatus.DRAFT, RenovationStatus.REJECTED):
            return {}
        return file_missing(renovation, on=timezone.localdate())

    @extend_schema_field(MISSING_SCHEMA)
    def get_entry_missing(self, renovation) -> dict:
        if renovation.status != RenovationStatus.APPROVED:
            return {}
        return entry_missing(renovation)

    @extend_schema_field(OpenApiTypes.STR)
    def get_decided_by_name(self, renovation) -> str:
        return str(renovation.decided_by) if renovation.decided_by_id else ""


# --- inputs -----------------------------------------------------------------------------------------


class ApplicationFieldsSerializer(serializers.Serializer):
    """The application form (装修申请登记表): the applicant, the premises, the company, the work."""

    applicant_kind = _choice("RenovationApplicantField", ApplicantKind, required=False)
    agent_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    agent_id_type = _choice("RenovationAgentIdTypeField", IdType, required=False, allow_blank=True)
    agent_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    agent_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    premises_kind = _choice("RenovationPremisesField", PremisesKind, required=False)
    scope = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    company_credit_code = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="Unified social credit code (18 characters).",
    )
    company_responsible = serializers.CharField(max_length=100, required=False, allow_blank=True)
    company_responsible_id_type = _choice(
        "RenovationResponsibleIdTypeField", IdType, required=False, allow_blank=True
    )
    company_responsible_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    company_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    fire_work = serializers.BooleanField(required=False, help_text="Touches fire protection (消防报建).")
    structure_work = serializers.BooleanField(required=False, help_text="Changes the structure.")
    gas_work = serializers.BooleanField(required=False, help_text="Changes gas pipes.")
    commitment_signed = serializers.BooleanField(
        required=False, help_text="The owner signed the application form and the commitment letter."
    )
    notes_handed_over = serializers.BooleanField(
        required=False, help_text="The application notes (装修申报须知) were handed over now."
    )
    notes_handed_over_at = serializers.DateTimeField(required=False, allow_null=True)
    owner = ScopedPrimaryKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        help_text="The applying owner; default: the unit's only current owner.",
    )


class RenovationCreateSerializer(ApplicationFieldsSerializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())


class RenovationUpdateSerializer(ApplicationFieldsSerializer):
    """Only the fields sent change."""


class DocumentAddSerializer(serializers.Serializer):
    kind = _choice("RenovationDocumentKindField", DocumentKind)
    reference = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="Credit code (licence), ID number (responsible person), certificate or approval number.",
    )
    holder = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    stamped = serializers.BooleanField(default=False, help_text="Stamped by the renovation company.")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Required for certificates."
    )
    file = serializers.FileField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class DocumentRemoveSerializer(serializers.Serializer):
    document = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The document's id.")
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SignOffInputSerializer(serializers.Serializer):
    stage = _choice("RenovationSignOffStageField", SignOffStage)
    party = _choice(
        "RenovationSignOffPartyField",
        SignOffParty,
        required=False,
        allow_null=True,
        default=None,
        help_text="Staff sign as themselves (default: the party of their role); the owner and the "
        "company sign on paper, recorded with `signer_name`.",
    )
    signer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="Default: now.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PrepareSerializer(serializers.Serializer):
    owner_confirmed = serializers.BooleanField(default=False, help_text="The owner confirmed the approval.")
    owner_confirmed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    agreement_signer = _choice(
        "RenovationAgreementSignerField", AgreementSigner, required=False, allow_blank=True, default=""
    )
    agreement_signed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    commitment_delegates = serializers.BooleanField(
        default=False, help_text="The owner's commitment letter delegates the agreement to the company."
    )
    briefed = serializers.BooleanField(default=False, help_text="The rules were briefed now.")
    briefing_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
