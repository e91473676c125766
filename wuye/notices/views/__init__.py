"""Console pages of notices and the lobby display."""

from wuye.notices.views.actions import notice_action, notice_detail, notice_pdf_view  # noqa: F401
from wuye.notices.views.display import notices_display  # noqa: F401
from wuye.notices.views.editing import notice_edit, notice_new  # noqa: F401
from wuye.notices.views.register import notice_list, notice_take_down_list  # noqa: F401
