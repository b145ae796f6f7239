package lts.api;

/** An error the API answers with {@code {"error","message"}} and a status (400, 401, 404, 413). */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what);
  }

  static ApiException badRequest(String what) {
    return new ApiException(400, "bad_request", what);
  }
}
