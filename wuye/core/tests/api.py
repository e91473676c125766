"""Helpers every API test module shares: JSON posts and the one error shape `{code, message, fields}`."""

ERROR_KEYS = {"code", "message", "fields"}


def post(client, path, data=None, **headers):
    return client.post(path, data or {}, format="json", **headers)


def assert_error(response, status_code, code=None, field=None):
    """The response is the API's error shape with this status (and code, and a message on `field`)."""
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == ERROR_KEYS
    if code:
        assert body["code"] == code
    if field:
        assert field in body["fields"], body
    return body
