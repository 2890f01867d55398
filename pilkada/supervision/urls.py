from django.urls import path

from pilkada.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("lapor/", views.report_new, name="report_new"),
    path("lapor/terima/", views.report_thanks, name="report_thanks"),
    path("kasus/", views.case_list_view, name="case_list"),
    path("kasus/<int:pk>/", views.case_detail_view, name="case_detail"),
    path("kasus/<int:pk>/langkah/<str:transition>/", views.case_step_view, name="case_step"),
    path("kasus/<int:pk>/perpanjang/", views.case_extend_view, name="case_extend"),
    path("kasus/<int:pk>/petugas/", views.case_assign_view, name="case_assign"),
    path("kasus/<int:pk>/gabung/", views.case_link_view, name="case_link"),
    path("kasus/<int:pk>/gakkumdu/", views.case_gakkumdu_view, name="case_gakkumdu"),
    path("kasus/<int:pk>/bukti/", views.case_evidence_view, name="case_evidence"),
    path("kasus/<int:pk>/bukti/<int:ev>/", views.evidence_view, name="evidence"),
    path("temuan/baru/", views.finding_new, name="finding_new"),
    path("tps/<str:kode>/", views.tps_cases_view, name="tps_cases"),
    path("rawan/", views.rawan_list_view, name="rawan_list"),
    path("rawan/<str:kode>/", views.rawan_edit_view, name="rawan_edit"),
    path("periksa/<str:kode>/", views.checklist_view, name="checklist"),
    path("ekspor.<str:fmt>", views.export_view, name="export"),
]
