"""Load the demo center from fixtures/ into an empty database and set the demo passwords."""

import datetime as dt
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric
from tablib import Dataset

from servicecenter import workdays
from servicecenter.models import CenterProfile, OpeningHours, WorkdayOverride
from staff.models import Attendance, RotaEntry, Shift, StaffProfile
from staff.people_demo import load_people_demo

DEMO_PASSWORD = "demo-2026"
DEMO_ACCOUNTS = {"clerk": "窗口工作人员", "supervisor": "主管", "director": "中心主任"}


def fake_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """A 身份证号 with a valid checksum for made-up people (sequence 900+ to stay clearly fake)."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


class Command(BaseCommand):
    help = "Load the demo center (profile, staff, counters, catalog, rules) into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--open-all-day",
            action="store_true",
            help="Keep the center open around the clock today, to try the kiosk at any hour.",
        )

    def handle(self, *args, **options) -> None:
        if CenterProfile.objects.exists():
            self.stdout.write("The database already holds a center; demo data not loaded.")
        else:
            self.load()
        if options["open_all_day"]:
            open_all_day()
            self.stdout.write("The center is open 00:00–23:59 today (an extra working day).")

    def load(self) -> None:
        with transaction.atomic():
            call_command("loaddata", settings.BASE_DIR / "fixtures" / "demo.json", verbosity=0)
            self.import_catalog(settings.BASE_DIR / "fixtures" / "catalog.xlsx")
            # loaddata writes no history; give every loaded row its first version.
            call_command("populate_history", auto=True, stdout=StringIO(), stderr=StringIO())
            for index, profile in enumerate(StaffProfile.objects.order_by("pk")):
                birth = dt.date(1980 + index * 2, 1 + index, 10 + index)
                profile.id_number = fake_id_number("110108", birth, 900 + index)
                profile.save()
            load_demo_rota(timezone.localdate())
            for user in get_user_model().objects.all():
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            load_people_demo(timezone.localdate())  # training, induction, overtime, 考核
        self.stdout.write(
            self.style.SUCCESS("Demo center loaded. Sign in at /accounts/login/ with:")
        )
        for username, role in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {role:<8} {username:<12} password {DEMO_PASSWORD}")

    def import_catalog(self, path: Path) -> None:
        """The service catalog, through the same import a supervisor uses in the admin."""
        from disclosure.resources import ServiceItemResource

        dataset = Dataset().load(path.read_bytes(), format="xlsx")
        result = ServiceItemResource().import_data(dataset, dry_run=False, raise_errors=True)
        if result.has_validation_errors():
            rows = [f"row {row.number}: {row.error_dict}" for row in result.invalid_rows]
            raise CommandError("The catalog workbook has errors:\n" + "\n".join(rows))


def open_all_day() -> None:
    """Hours 00:00–23:59 every weekday and today an extra working day (demos, benchmarks)."""
    profile = CenterProfile.objects.get()
    with transaction.atomic():
        profile.opening_hours.all().delete()
        for weekday in range(7):
            OpeningHours.objects.create(
                profile=profile, weekday=weekday, opens=dt.time(0), closes=dt.time(23, 59, 59)
            )
        WorkdayOverride.objects.update_or_create(
            date=timezone.localdate(), defaults={"kind": "working", "reason": "演示：全天开放"}
        )
        # Everyone on today's rota, so the board (挂牌上岗) shows the whole demo staff.
        day_shift = Shift.objects.order_by("starts").filter(name="日班").first()
        if day_shift is not None:
            for profile in StaffProfile.objects.all():
                RotaEntry.objects.update_or_create(
                    user_id=profile.user_id,
                    date=timezone.localdate(),
                    defaults={"shift": day_shift, "counter_id": profile.counter_id},
                )


def load_demo_rota(today: dt.date) -> None:
    """The center's shifts and a rota from two weeks before `today` to six weeks after:
    everyone on the day shift on working days, two staff on 值班 on weekends and holidays
    (节假日实行值班或预约服务)."""
    day_shift = Shift.objects.create(
        name="日班",
        starts=dt.time(9),
        ends=dt.time(18),
        break_starts=dt.time(12),
        break_ends=dt.time(13),
    )
    Shift.objects.create(name="早班", starts=dt.time(8), ends=dt.time(17))
    Shift.objects.create(name="中班", starts=dt.time(12), ends=dt.time(21))
    duty_shift = Shift.objects.create(name="值班", starts=dt.time(9), ends=dt.time(12))
    profiles = list(StaffProfile.objects.order_by("badge_number"))
    clerks = [profile for profile in profiles if profile.counter_id] or profiles
    # Straight from the table: the shared cache stays out of the demo's rows.
    known = workdays.load_overrides()
    entries = []
    for offset in range(-14, 43):
        day = today + dt.timedelta(days=offset)
        if workdays.is_working_day(day, known):
            for profile in profiles:
                entries.append(
                    RotaEntry(
                        user_id=profile.user_id,
                        date=day,
                        shift=day_shift,
                        counter_id=profile.counter_id,
                    )
                )
            continue
        # Two clerks take 值班 in turn.
        for turn in range(2):
            profile = clerks[(offset * 2 + turn) % len(clerks)]
            entries.append(
                RotaEntry(
                    user_id=profile.user_id,
                    date=day,
                    shift=duty_shift,
                    counter_id=profile.counter_id,
                    duty=RotaEntry.Duty.DUTY,
                )
            )
    RotaEntry.objects.bulk_create(entries)
    # The past two weeks were worked: everyone signed in before the shift and out after it,
    # with one late morning, so the 考勤表 reads like a real month's.
    signed = []
    for number, entry in enumerate(e for e in entries if e.date < today):
        shift = duty_shift if entry.duty == RotaEntry.Duty.DUTY else day_shift
        arrived = dt.datetime.combine(entry.date, shift.starts) - dt.timedelta(minutes=10)
        if number == 7:
            arrived += dt.timedelta(minutes=22)  # 迟到
        left = dt.datetime.combine(entry.date, shift.ends) + dt.timedelta(minutes=5)
        signed.append(
            Attendance(
                user_id=entry.user_id,
                date=entry.date,
                signed_in_at=timezone.make_aware(arrived),
                signed_out_at=timezone.make_aware(left),
            )
        )
    Attendance.objects.bulk_create(signed)
