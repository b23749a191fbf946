"""The OpenAPI schema's view of every operation, errors included."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """An error about the request as a whole: not signed in, not allowed, not found, too large."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: a list of messages under each field's path (`materials[2].quantity`), problems of
    the whole body under `non_field_errors`, or `detail` for a body that is not JSON."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)


class ApiSchema(AutoSchema):
    """Documents the errors every operation can answer beside its own responses."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for code, serializer in self.error_responses(operation).items():
            operation["responses"].setdefault(code, self._get_response_for_code(serializer, code))
        return operation

    def error_responses(self, operation: dict[str, Any]) -> dict[str, type[serializers.Serializer]]:
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        signed_in_only = {} not in operation.get("security", [{}])
        errors: dict[str, type[serializers.Serializer]] = {}
        if has_body or any(
            parameter["in"] == "query" and parameter["name"] not in ("page", "page_size")
            for parameter in parameters
        ):
            errors["400"] = ValidationErrorSerializer
        if signed_in_only:
            errors["401"] = ErrorSerializer
        if signed_in_only or self.method not in permissions.SAFE_METHODS:
            errors["403"] = ErrorSerializer  # not allowed, or the CSRF check failed
        if any(
            parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters
        ):
            errors["404"] = ErrorSerializer
        if has_body:
            errors["413"] = ErrorSerializer
            errors["415"] = ErrorSerializer  # a body that is not JSON
        return errors
