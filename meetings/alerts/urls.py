from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/new/", views.new, name="new"),
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/sent/", views.sent, name="sent"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
