package lts.app;

/** Bad input from the user (a missing or unreadable file): one clear line, exit code 2. */
public final class UserInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
