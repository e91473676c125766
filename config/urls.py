from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wuye.core.api.docs import SchemaView, SwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("display/", include("wuye.notices.display_urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include(("config.console", "console"))),
]

handler400 = "wuye.core.api.errors.bad_request"
handler404 = "wuye.core.api.errors.not_found"
handler500 = "wuye.core.api.errors.server_error"
