from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError


def home(request):
    return HttpResponse("Vestka")


def people(request):
    return HttpResponse("people")


def person(request, pk):
    return HttpResponse("person")


def facility(request, pk):
    return HttpResponse("facility")


def not_found(request, exception=None):
    return HttpResponseNotFound("not found")


def server_error(request):
    return HttpResponseServerError("error")
