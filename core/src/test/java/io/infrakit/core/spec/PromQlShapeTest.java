package io.infrakit.core.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlShapeTest {

    @Test
    void soundQueriesPass() {
        assertThat(PromQlShape.problem("sum(rate(http_requests_total{job=\"web\",path=~\"/a(b\"}[1m]))")).isNull();
        assertThat(PromQlShape.problem("avg by (instance) (rate(x[5m])) / 2 # a comment ( ")).isNull();
        assertThat(PromQlShape.problem("demand{l='it\\'s'}")).isNull();
        assertThat(PromQlShape.problem("up{path=`C:\\`}")).isNull();
    }

    @Test
    void slipsAreNamedWithTheirPlace() {
        assertThat(PromQlShape.problem("sum(rate(x[1m])")).isEqualTo("'(' at character 4 is never closed");
        assertThat(PromQlShape.problem("sum(x))")).isEqualTo("')' at character 7 closes nothing that is open");
        assertThat(PromQlShape.problem("rate(x[1m)]")).isEqualTo("')' at character 10 closes nothing that is open");
        assertThat(PromQlShape.problem("x{a=\"b}")).isEqualTo("the string opened with \" at character 5 does not end");
    }
}
