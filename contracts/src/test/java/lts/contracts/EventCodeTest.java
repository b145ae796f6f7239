package lts.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"santos", "santos-12h", "a", "0", "www-apex-timing-com-8092-2026-11-27",
      "x_y", "a123456789012345678901234567890123456789012345678901234567890123"})
  void codesOfLettersDigitsDashesAndUnderscoresStartingWithALetterOrDigitAreValid(String code) {
    assertThat(EventCode.isValid(code)).isTrue();
    assertThat(EventCode.problem(code)).isNull();
    assertThat(EventCode.parse(code)).map(EventCode::value).contains(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Santos 12h", "santos 12h", "SANTOS", "-x", "_x", "a/b", "../x",
      "é", "a1234567890123456789012345678901234567890123456789012345678901234"})
  void otherCodesAreRefusedWithAMessageThatGivesTheRule(String code) {
    assertThat(EventCode.isValid(code)).isFalse();
    assertThat(EventCode.parse(code)).isEmpty();
    assertThat(EventCode.problem(code)).contains("is not valid").contains(EventCode.RULE);
    assertThatThrownBy(() -> new EventCode(code)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EventCode.RULE);
  }

  @Test
  void aCodeWithASpaceIsRefusedWithASuggestion() {
    assertThat(EventCode.problem("Santos 12h"))
        .isEqualTo("event code 'Santos 12h' is not valid: use " + EventCode.RULE
            + " (try 'santos-12h')");
    assertThat(EventCode.problem(null)).startsWith("event code nothing is not valid");
  }

  @Test
  void anyNameGivesAValidCode() {
    assertThat(EventCode.derive("www.apex-timing.com:8092").value())
        .isEqualTo("www-apex-timing-com-8092");
    assertThat(EventCode.derive("_invalid").value()).isEqualTo("invalid");
    assertThat(EventCode.derive("--Santos 12H").value()).isEqualTo("santos-12h");
    assertThat(EventCode.derive("").value()).isEqualTo("unknown");
    assertThat(EventCode.derive("///").value()).isEqualTo("unknown");
    assertThat(EventCode.derive("x".repeat(100)).value()).hasSize(EventCode.MAX_LENGTH);
  }
}
