from ninja import NinjaAPI

api = NinjaAPI(title="Vestka API", version="1", urls_namespace="api")
