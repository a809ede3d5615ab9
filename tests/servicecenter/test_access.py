"""Every staff page requires login and the right role, and every record only who may see it.

The URLconf is walked, so a new URL cannot escape: a view must either carry the roles it
allows (servicecenter.roles.role_required) or be named here as public, and a URL that names
a record (<str:number>, <int:pk>…) must have a factory below for the object-level pass.
"""

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from servicecenter.roles import Role
from tests.conftest import make_user

# Staff photos and blank forms are public: the board and the guide show them.
PUBLIC = {"home", "healthz", "login", "logout", "set_language", "media"}
# Django's admin guards itself (is_staff and model permissions); tested below.
SKIPPED_PREFIXES = ("admin/", "media/")
SAMPLE_ARGS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def sample_url(route: str) -> str:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS[m.group(1) or "str"], route)
    return "/" + route.lstrip("^").rstrip("$")


def staff_urls():
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or pattern.name in PUBLIC:
            continue
        if getattr(pattern.callback, "is_public", False):  # servicecenter.public.public_page
            continue
        yield pytest.param(sample_url(route), pattern, id=route or "/")


ALL_STAFF_URLS = list(staff_urls())


def test_the_walk_finds_the_staff_pages():
    urls = {param.values[0] for param in ALL_STAFF_URLS}
    assert {"/desk/", "/staff/"} <= urls


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_every_staff_url_declares_its_roles(url, pattern):
    allowed = getattr(pattern.callback, "allowed_roles", None)
    assert allowed, f"{url} is neither public nor guarded by role_required"


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_anonymous_users_are_sent_to_login(client, db, url, pattern):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_wrong_roles_get_403(client, db, url, pattern):
    allowed = pattern.callback.allowed_roles
    others = [role for role in Role if str(role) not in allowed]
    for role in [*others, None]:
        user = make_user(f"user-{role or 'none'}", role)
        client.force_login(user)
        assert client.get(url).status_code == 403, (url, role)


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_allowed_roles_get_in(client, db, url, pattern):
    for role in pattern.callback.allowed_roles:
        client.force_login(make_user(f"user-{Role(role).name}", Role(role)))
        # What matters is no 403: 404 for sample arguments that name no object, 405 for a
        # POST-only action, 204 for a poll with nothing to show.
        assert client.get(url).status_code in {200, 204, 404, 405}, (url, role)


def test_admin_is_closed_to_clerks_and_open_to_supervisors(client, clerk, supervisor):
    client.force_login(clerk)
    refused = client.get("/admin/", follow=True)
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()
    client.force_login(supervisor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"/admin/staff/staffprofile/" in response.content


def test_navigation_shows_each_role_what_it_may_use(client, clerk, supervisor):
    client.force_login(clerk)
    page = client.get("/desk/").content.decode()
    assert 'href="/desk/"' in page
    assert 'href="/staff/"' not in page and 'href="/admin/"' not in page
    client.force_login(supervisor)
    page = client.get("/desk/").content.decode()
    assert 'href="/staff/"' in page and 'href="/admin/"' in page


# -- object level: a record names its URL, and only who may see it gets in ------------------
#
# Every URL whose route names an object gets a factory here: it makes the object as clerk A
# ("owner") and returns the URL's arguments. Clerk B ("other") must get 404 (not 403: a 403
# would tell that the number exists) on GET and POST, and nothing may change. (A URL that
# clerks may not use at all is refused by role first: give its test users that URL's roles.)

ID = "11010519491231002X"


def _applicant():
    from intake.cases import Applicant

    return Applicant(name="张三丰", id_number=ID, phone="13812345678")


def _item():
    from disclosure.models import ServiceItem

    return ServiceItem.objects.get(code="jzz-shenling")


def _case(owner) -> dict:
    from intake import cases

    item = _item()
    case = cases.case_accept(
        item=item,
        applicant=_applicant(),
        received=list(item.materials.all()),
        mode="promised",
        clerk=owner,
    )
    return {"number": case.number}


def _notice(owner) -> dict:
    from intake import cases

    item = _item()
    notice = cases.notice_issue(
        item=item, applicant=_applicant(), missing=list(item.materials.all())[:1], clerk=owner
    )
    return {"serial": notice.serial}


SERIAL = itertools.count(1)


def _lost_item(owner) -> dict:
    from intake import lost

    item = lost.lost_register(
        clerk=owner,
        description=f"黑色钱包（{next(SERIAL)}）",  # each a new record, not a resubmission
        found_where="大厅",
        found_by="保洁员",
        kept_at="服务台",
    )
    return {"pk": item.pk}


def _consultation(owner) -> dict:
    from intake import consultations

    question = consultations.consultation_record(
        clerk=owner, channel="phone", matter="低保", question=f"能申请吗？（{next(SERIAL)}）"
    )
    return {"consultation": question.pk}


def _claimed_lost_item(owner) -> dict:
    from intake import lost
    from intake.models import LostItem

    item = LostItem.objects.get(**_lost_item(owner))
    lost.lost_claim(item=item, name="李四", id_number="11010519491231002X", clerk=owner)
    return {"pk": item.pk}


def _requested_lost_item(owner) -> dict:
    import datetime as dt

    from django.utils import timezone

    from intake import lost
    from intake.models import LostItem

    item = LostItem.objects.get(**_lost_item(owner))
    LostItem.objects.filter(pk=item.pk).update(found_at=timezone.now() - dt.timedelta(days=60))
    lost.lost_request_hand_over(item=LostItem.objects.get(pk=item.pk), to="街道办", clerk=owner)
    return {"pk": item.pk}


def _complaint(owner) -> dict:
    """A complaint about a supervisor, forwarded by the director to `owner`: only they, the
    director and the one complained about may open it (not every supervisor)."""
    from complaints import services
    from complaints.models import Complaint

    complaint = services.complaint_file(
        complaint=services.ComplaintInput(
            description=f"态度差（{next(SERIAL)}）",
            about=Complaint.About.STAFF,
            subject_staff=make_user("subject-s", Role.SUPERVISOR),
            phone="13812345678",
        ),
        channel=Complaint.Channel.ONLINE,
    )
    director = make_user("director-d", Role.DIRECTOR)
    services.complaint_accept(complaint=complaint, by=director, nature="attitude")
    services.complaint_forward(complaint=complaint, by=director, handler=owner)
    return {"complaint": complaint.number}


COMPLAINT_URLS = [
    "complaint_detail",
    "complaint_receipt",
    "complaint_accept",
    "complaint_decline",
    "complaint_forward",
    "complaint_extend",
    "complaint_note",
    "complaint_statement",
    "complaint_finding",
    "complaint_reply",
    "complaint_follow_up",
    "complaint_archive",
]


def _rectification(owner) -> dict:
    from complaints import ratings
    from complaints.models import Rating
    from intake import cases
    from intake.models import Case

    case = Case.objects.get(number=_case(owner)["number"])
    case = cases.case_complete(case=cases.case_start(case=case))
    rating = ratings.rating_for_case(case=case, level=Rating.Level.DISSATISFIED)
    return {"pk": rating.rectification.pk}


def _fault_record(owner) -> dict:
    from complaints import faults

    record = faults.fault_open(
        staff=owner,
        source="inspection",
        clause="late_or_early",
        facts="迟到",
        by=make_user("director-d", Role.DIRECTOR),
    )
    return {"pk": record.pk}


def _fault_decided(owner) -> dict:
    from complaints import faults
    from complaints.models import FaultRecord

    record = FaultRecord.objects.get(pk=_fault_record(owner)["pk"])
    faults.fault_decide(
        record=record,
        decision="oral_warning",
        fine_amount=None,
        reason="迟到",
        by=record.opened_by,
    )
    return {"pk": record.pk}


def _overtime(owner) -> dict:
    import datetime as dt

    from django.utils import timezone

    from staff import overtime

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    asked = overtime.overtime_request(user=owner, day=tomorrow, planned_hours=1, reason="整理")
    return {"pk": asked.pk}


def _induction(owner) -> dict:
    from staff import training
    from staff.models import Induction

    manager = make_user("induction-manager", Role.SUPERVISOR)
    induction = Induction.objects.filter(user=owner).first()  # one per staff member
    return {"pk": (induction or training.induction_open(user=owner, mentor=manager, by=manager)).pk}


def _assessment(owner) -> dict:
    import datetime as dt

    from django.utils import timezone

    from staff import assessment

    manager = make_user("assessing-manager", Role.SUPERVISOR)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    graded = assessment.assessment_grade(
        user=owner, period="month", day=last_month, grade="competent", comments="称职", by=manager
    )
    return {"pk": graded.pk}


FACTORIES = {
    **dict.fromkeys(COMPLAINT_URLS, _complaint),
    "case_detail": _case,
    "case_start": _case,
    "case_complete": _case,
    "case_reply": _case,
    "case_archive": _case,
    "case_supplement": _case,
    "case_suspend": _case,
    "case_resume": _case,
    "case_extend": _case,
    "case_hand_over": _case,
    "case_receipt": _case,
    "notice_detail": _notice,
    "notice_pdf": _notice,
    "consultation_detail": _consultation,
    "consultation_escalate": _consultation,
    "consultation_instruct": _consultation,
    "consultation_answer": _consultation,
    "lost_detail": _lost_item,
    "lost_hand_over_request": _lost_item,
    "lost_hand_over_approve": _requested_lost_item,
    "lost_hand_over_refuse": _requested_lost_item,
    "lost_claim_pdf": _claimed_lost_item,
    "rectification_detail": _rectification,
    "rectification_contact": _rectification,
    "rectification_complete": _rectification,
    "fault_detail": _fault_record,
    "fault_statement": _fault_record,
    "fault_decide": _fault_record,
    "fault_pdf": _fault_decided,
    "fault_appeal": _fault_decided,
    "fault_appeal_decide": _fault_decided,
    "overtime_action": _overtime,
    "induction_detail": _induction,
    "induction_tick": _induction,
    "assessment_detail": _assessment,
    "assessment_confirm": _assessment,
}
# URLs whose roles refuse every clerk before a record is looked up (the role walk above
# covers that): no other clerk to refuse here, and their allowed roles are the viewers.
REFUSED_BY_ROLE_FIRST = {
    "rectification_detail",
    "rectification_contact",
    "rectification_complete",
    "fault_decide",
    "fault_appeal_decide",
}
# The model each record URL's <pk> names (the lost-property register's otherwise).
PK_MODELS = {
    name: ("complaints", "Rectification" if name.startswith("rectification") else "FaultRecord")
    for name in REFUSED_BY_ROLE_FIRST
    | {"fault_detail", "fault_statement", "fault_pdf"}
    | {"fault_appeal"}
} | {
    # Records of the staff pages (staff/views_people.py).
    "overtime_action": ("staff", "OvertimeRequest"),
    "induction_detail": ("staff", "Induction"),
    "induction_tick": ("staff", "Induction"),
    "assessment_detail": ("staff", "Assessment"),
    "assessment_confirm": ("staff", "Assessment"),
}
# The lost-property register is the center's, not one clerk's: every staff role sees it all.
SHARED_WITH_ALL_STAFF = {
    "lost_detail",
    "lost_hand_over_request",
    "lost_hand_over_approve",
    "lost_hand_over_refuse",
    "lost_claim_pdf",
}
# Route parameters that name no record.
NOT_OBJECTS = {("ledger_export", "fmt")}
# A POST that would change the record if it got through.
POST_DATA = {
    "case_reply": {"method": "phone"},
    "case_supplement": {"materials": "补交"},
    "case_suspend": {"reason": "核实"},
    "case_resume": {"reason": "核实完毕"},
    "case_extend": {"days": "5", "reason": "核实"},
    "consultation_answer": {"answer": "可以"},
    "consultation_instruct": {"instruction": "照办"},
    "lost_detail": {"name": "李四", "id_number": "11010519491231002X"},
    "lost_hand_over_request": {"to": "街道办"},
    "lost_hand_over_refuse": {"reason": "失主来电"},
    "complaint_decline": {"reason": "咨询"},
    "complaint_extend": {"days": "3", "reason": "核实", "told_how": "phone"},
    "complaint_note": {"text": "核实"},
    "complaint_finding": {"finding": "true", "outcome": "apology", "opinion": "属实"},
    "rectification_contact": {"note": "已联系"},
    "rectification_complete": {"action": "已整改"},
    "fault_statement": {"statement": "本人陈述"},
    "fault_decide": {"decision": "oral_warning", "reason": "迟到"},
    "fault_appeal": {"reason": "申诉"},
    "fault_appeal_decide": {"outcome": "upheld", "note": "维持"},
    "overtime_action": {"action": "record", "worked_hours": "1", "compensation": "pay"},
}


def object_urls():
    for param in ALL_STAFF_URLS:
        route = param.id
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        pattern = param.values[1]
        names = [name for name in names if (pattern.name, name) not in NOT_OBJECTS]
        if names:
            yield pytest.param(route, pattern, id=route)


OBJECT_URLS = list(object_urls())


def test_the_walk_finds_the_object_urls():
    names = {param.values[1].name for param in OBJECT_URLS}
    assert {"case_detail", "notice_pdf", "case_receipt", "lost_detail"} <= names


@pytest.mark.parametrize(("route", "pattern"), OBJECT_URLS)
def test_every_object_url_has_a_factory(route, pattern):
    assert pattern.name in FACTORIES, f"add a factory for {pattern.name} ({route}) to FACTORIES"


def _object_url(route: str, kwargs: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def _snapshot(kwargs: dict, name: str = ""):
    from django.apps import apps

    from complaints.models import Complaint
    from intake.models import Case, CaseNotice, Consultation, LostItem

    if "consultation" in kwargs:
        return Consultation.objects.filter(pk=kwargs["consultation"]).values().get()
    if "complaint" in kwargs:
        return Complaint.objects.filter(number=kwargs["complaint"]).values().get()
    if "number" in kwargs:
        return Case.objects.filter(number=kwargs["number"]).values().get()
    if "serial" in kwargs:
        return CaseNotice.objects.filter(serial=kwargs["serial"]).values().get()
    model = apps.get_model(*PK_MODELS[name]) if name in PK_MODELS else LostItem
    return model.objects.filter(pk=kwargs["pk"]).values().get()


@pytest.mark.parametrize(
    ("route", "pattern"),
    [
        param
        for param in OBJECT_URLS
        if param.values[1].name not in SHARED_WITH_ALL_STAFF | REFUSED_BY_ROLE_FIRST
    ],
)
def test_a_clerk_who_may_not_see_a_record_gets_404(client, demo, route, pattern):
    if pattern.name not in FACTORIES:
        pytest.skip("no factory: test_every_object_url_has_a_factory fails")
    # A URL clerks may not use at all (a supervisor's step): its own roles' users.
    role = Role.CLERK if str(Role.CLERK) in pattern.callback.allowed_roles else Role.SUPERVISOR
    owner = make_user("owner-a", role)
    kwargs = FACTORIES[pattern.name](owner)
    url = _object_url(route, kwargs)
    before = _snapshot(kwargs, pattern.name)
    client.force_login(make_user("other-b", role))
    got = client.get(url).status_code
    posted = client.post(url, POST_DATA.get(pattern.name, {})).status_code
    # A POST-only view answers GET with 405 before it looks anything up: that tells nothing.
    assert {got, posted} <= {404, 405} and 404 in {got, posted}, (url, got, posted)
    assert _snapshot(kwargs, pattern.name) == before, url


@pytest.mark.parametrize(("route", "pattern"), OBJECT_URLS)
def test_the_owner_and_a_supervisor_get_in(client, demo, route, pattern):
    if pattern.name not in FACTORIES:
        pytest.skip("no factory: test_every_object_url_has_a_factory fails")
    owner = make_user("owner-a", Role.CLERK)
    viewers = [owner, make_user("super-s", Role.SUPERVISOR)]
    if pattern.name in COMPLAINT_URLS:
        # A complaint about a supervisor: its handler and the director, not every supervisor.
        clerks_may = str(Role.CLERK) in pattern.callback.allowed_roles
        viewers = [owner] * clerks_may + [make_user("director-d", Role.DIRECTOR)]
    if pattern.name in SHARED_WITH_ALL_STAFF:
        viewers.append(make_user("other-b", Role.CLERK))
    if pattern.name in REFUSED_BY_ROLE_FIRST:
        allowed = pattern.callback.allowed_roles
        viewers = [make_user(f"role-{Role(role).name}", Role(role)) for role in allowed]
    for viewer in viewers:
        url = _object_url(route, FACTORIES[pattern.name](owner))
        client.force_login(viewer)
        got = client.get(url).status_code
        if got == 405:  # POST-only: a POST gets through and redirects back
            got = client.post(url, POST_DATA.get(pattern.name, {})).status_code
        assert got in {200, 302}, (url, viewer.username, got)
