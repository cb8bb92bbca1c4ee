package io.convstore.api;

import java.util.List;
import java.util.Map;

/**
 * A request that cannot be served as asked, answered as an RFC 9457 problem document: an HTTP status, a short
 * title, a detail for this occurrence, and optional extension members (e.g. the reasons a write was refused).
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String title;
    final Map<String, Object> extensions;

    ApiProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    ApiProblem(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = extensions;
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail);
    }

    static ApiProblem unauthorized() {
        return new ApiProblem(401, "Unauthorized", "send a valid API key as 'Authorization: Bearer <key>'");
    }

    static ApiProblem refused(List<Map<String, Object>> reasons) {
        return new ApiProblem(422, "Events refused", "no event of the request was written: see 'errors'",
                Map.of("errors", reasons));
    }
}
