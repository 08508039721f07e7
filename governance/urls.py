from django.urls import path

from governance.views import meetings

app_name = "governance"

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("requisitions/", meetings.requisition_list, name="requisitions"),
]
