import uuid

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from servicecenter.models import DailyCounter
from servicecenter.urls import urlpatterns as project_urls


@csrf_exempt
def one_write(request):
    """The floor: one INSERT per request, nothing else."""
    DailyCounter.objects.create(name=uuid.uuid4().hex, day=timezone.localdate())
    return HttpResponse("ok")


urlpatterns = [path("bench/write/", one_write), *project_urls]
