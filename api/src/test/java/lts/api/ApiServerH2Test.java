package lts.api;

/** The API over embedded H2 in MySQL mode (the database of lts demo). */
class ApiServerH2Test extends ApiServerTestBase {
  @Override
  boolean mariadb() {
    return false;
  }
}
