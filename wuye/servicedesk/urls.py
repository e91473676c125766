"""Console pages of this module, included in the `console` namespace by config/console.py."""

from django.urls import path

from wuye.servicedesk import views

urlpatterns = [
    path("tickets/", views.ticket_list, name="ticket-list"),
    path("tickets/new/", views.ticket_new, name="ticket-new"),
    path("tickets/new/unit-context/", views.ticket_new_unit_context, name="ticket-new-unit-context"),
    path("tickets/mine/", views.ticket_mine, name="ticket-mine"),
    path("tickets/queue/<slug:department>/", views.ticket_queue, name="ticket-queue"),
    path("tickets/return-visits/", views.return_visit_list, name="return-visit-list"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:pk>/repair-order.pdf", views.repair_order_pdf, name="ticket-repair-order"),
    path("tickets/<int:pk>/<slug:action>/", views.ticket_action, name="ticket-action"),
    path("contact-logs/", views.contact_log_list, name="contact-log-list"),
    path("contact-logs/<int:pk>/ticket/", views.contact_log_ticket, name="contact-log-ticket"),
    path("customer-visits/", views.customer_visit_list, name="customer-visit-list"),
    path("customer-visits/quota/", views.visit_quota, name="visit-quota"),
    path("settings/service-desk/", views.desk_settings, name="desk-settings"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notification_read_all, name="notification-read-all"),
]
