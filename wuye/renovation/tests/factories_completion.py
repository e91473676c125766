"""Fixtures of the completion tests: renoapp's Site with the renovation fee standard in billing, and
steps through the completion services (fees, passes, permit, entry, completion, acceptance, refund).

    site = CompletionSite()
    r = site.charged()          # APPROVED, prepared, two workers, fees charged, deposit held
    r = site.permitted()        # … and the construction permit issued
    r = site.started()          # IN_PROGRESS through the entry inspection (unit renovating)
    r = site.requested()        # COMPLETION_REQUESTED
    r = site.accepted()         # ACCEPTED through the inspection (today; refundable in 3 months)
    r = site.refund_requested() # REFUND_REQUESTED (run inside a clock at or after refundable_on)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.billing.choices import ChargeBasis, FeeKind
from wuye.billing.models import FeeItem, Tariff
from wuye.core.fakes import make_resident_id
from wuye.renovation.choices import (
    FEE_ITEM_CODES,
    SIGN_OFF_PARTIES,
    STAFF_PARTIES,
    SignOffParty,
    SignOffStage,
)
from wuye.renovation.choices import FeeKind as RenovationFee
from wuye.renovation.models import Renovation
from wuye.renovation.services import application as app
from wuye.renovation.services import completion
from wuye.renovation.services import fees as fee_services
from wuye.renovation.tests.factories import Site

D = Decimal

#: the public fee standard of the test project: (name, billing kind, basis, rate)
FEE_STANDARD = {
    RenovationFee.DEPOSIT: ("装修押金", FeeKind.DEPOSIT, ChargeBasis.PER_ITEM, "2000.00"),
    RenovationFee.MANAGEMENT: ("装修管理服务费", FeeKind.INCOME, ChargeBasis.AREA_MONTH, "3.00"),
    RenovationFee.DEBRIS: ("装修垃圾清运费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "300.00"),
    RenovationFee.PASS: ("出入证工本费", FeeKind.INCOME, ChargeBasis.PER_ITEM, "20.00"),
}


def worker_id(seq: int) -> str:
    return make_resident_id(dt.date(1990, 3, 1), seq=seq)


class CompletionSite(Site):
    """Site with the renovation fee items and tariffs (from 2020) in the project's fee standard."""

    def __init__(self, *, fee_standard: bool = True, project=None, building=None):
        super().__init__(project=project, building=building)
        self._workers = 0
        if fee_standard:
            for kind in FEE_STANDARD:
                self.fee_item(kind)

    def fee_item(self, kind: str, *, rate: str | None = None) -> FeeItem:
        name, billing_kind, basis, default_rate = FEE_STANDARD[kind]
        item = FeeItem.objects.create(
            project=self.project,
            code=FEE_ITEM_CODES[kind],
            name=name,
            kind=billing_kind,
            basis=basis,
            billed_in_runs=False,
        )
        Tariff.objects.create(
            fee_item=item,
            effective_from=dt.date(2020, 1, 1),
            rate=D(rate or default_rate),
            created_by=self.manager,
        )
        return item

    def worker(self, renovation, **kwargs):
        self._workers += 1
        params = {
            "name": f"工人{self._workers}",
            "id_number": worker_id(100 + self._workers),
            "trade": "木工",
        }
        params.update(kwargs)
        return completion.worker_register(renovation=renovation, acting_user=self.assistant, **params)

    def charged(self, *, workers: int = 2, **kwargs) -> Renovation:
        renovation = self.approved(prepared=True, **kwargs)
        for _n in range(workers):
            self.worker(renovation)
        return fee_services.fees_charge(renovation=renovation, method="cash", acting_user=self.cashier)

    def permitted(self, **kwargs) -> Renovation:
        renovation = self.charged(**kwargs)
        return completion.permit_issue(renovation=renovation, acting_user=self.assistant)

    def start(self, renovation, **kwargs) -> Renovation:
        params = {
            "water_reading": "12.30",
            "electricity_reading": "456.70",
            "gas_reading": "8.10",
            "water_test_passed": True,
            "inspected_with": "王建国",
            "entry_note": "墙面完好，门窗无损",
        }
        params.update(kwargs)
        return completion.renovation_start(renovation=renovation, acting_user=self.assistant, **params)

    def started(self, **kwargs) -> Renovation:
        return self.start(self.permitted(**kwargs))

    def requested(self, **kwargs) -> Renovation:
        renovation = self.started(**kwargs)
        return completion.renovation_complete(
            renovation=renovation, acting_user=self.assistant, agreed_at=timezone.now() + dt.timedelta(days=1)
        )

    def accept(self, renovation, *, passed: bool = True, failures: str = "", at=None):
        return completion.renovation_accept(
            renovation=renovation,
            acting_user=self.engineer,
            engineering_inspector=self.engineer,
            security_inspector=self.guard,
            passed=passed,
            failures=failures,
            at=at,
        )

    def accepted(self, **kwargs) -> Renovation:
        renovation = self.requested(**kwargs)
        self.accept(renovation)
        renovation.refresh_from_db()
        return renovation

    def refund_requested(self, renovation: Renovation | None = None, **kwargs) -> Renovation:
        """`renovation` (ACCEPTED, the clock at or after its refundable day) prepared for refund."""
        return completion.renovation_refund_prepare(
            renovation=renovation or self.accepted(), acting_user=self.assistant, **kwargs
        )

    def sign_refund(self, renovation, *, skip=()) -> None:
        """Every refund party signs (staff as themselves; the owner and the company recorded)."""
        signers = {
            SignOffParty.CUSTOMER_SERVICE: self.assistant,
            SignOffParty.ENGINEERING: self.engineer,
            SignOffParty.SECURITY: self.guard,
            SignOffParty.CENTRE_HEAD: self.supervisor,
        }
        for party in SIGN_OFF_PARTIES[SignOffStage.REFUND]:
            if party in skip:
                continue
            if party in STAFF_PARTIES:
                app.sign_off(
                    renovation=renovation, stage=SignOffStage.REFUND, party=party, acting_user=signers[party]
                )
            else:
                name = (
                    renovation.owner.name if party == SignOffParty.OWNER else renovation.company_responsible
                )
                app.sign_off(
                    renovation=renovation,
                    stage=SignOffStage.REFUND,
                    party=party,
                    signer_name=name,
                    acting_user=self.assistant,
                )
