"""URLs of the trends app, one module per feature so that each stays small."""

from .urls_benchmarks import urlpatterns as benchmarks
from .urls_enquiries import urlpatterns as enquiries
from .urls_pages import urlpatterns as pages
from .urls_returns import urlpatterns as returns
from .urls_tokens import urlpatterns as tokens

app_name = "trends"
urlpatterns = [*pages, *returns, *tokens, *enquiries, *benchmarks]
