from django.urls import path

from . import views

app_name = "partnership"
urlpatterns = [
    path("", views.index, name="index"),
    path("details/", views.partnership_edit, name="details"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/add/", views.agency_edit, name="agency_add"),
    path("agencies/<int:pk>/", views.agency_edit, name="agency"),
    path("people/", views.person_list, name="people"),
    path("people/add/", views.person_edit, name="person_add"),
    path("people/<int:pk>/", views.person_edit, name="person"),
    path(
        "people/<int:pk>/reset-two-factor/", views.person_reset_two_factor, name="person_reset_2fa"
    ),
    path("people/<int:pk>/unlock/", views.person_unlock, name="person_unlock"),
    path("priorities/", views.priority_list, name="priorities"),
    path("priorities/add/", views.priority_edit, name="priority_add"),
    path("priorities/<int:pk>/", views.priority_edit, name="priority"),
    path("sub-groups/", views.subgroup_list, name="subgroups"),
    path("sub-groups/add/", views.subgroup_edit, name="subgroup_add"),
    path("sub-groups/<int:pk>/", views.subgroup_edit, name="subgroup"),
]
