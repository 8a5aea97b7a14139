package dev.cellar.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code connection add/list} and messages show of a connection: never its password, whichever way the URL holds it. */
class NamedConnectionTest {

    @Test
    void aPasswordInTheUrlIsMaskedAsAParameterAsUserInfoAndInOraclesUserSlashPassword() {
        assertThat(NamedConnection.safeUrl("jdbc:postgresql://db/x?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=app&password=***&ssl=true");
        assertThat(NamedConnection.safeUrl("jdbc:mysql://app:s3cret@db:3306/x")).isEqualTo("jdbc:mysql://app:***@db:3306/x");
        assertThat(NamedConnection.safeUrl("jdbc:clickhouse://app:s3cret@db:8123/x?ssl=true"))
                .isEqualTo("jdbc:clickhouse://app:***@db:8123/x?ssl=true");
        assertThat(NamedConnection.safeUrl("jdbc:oracle:thin:scott/s3cret@//db:1521/x"))
                .isEqualTo("jdbc:oracle:thin:scott/***@//db:1521/x");
        assertThat(NamedConnection.safeUrl("jdbc:postgresql://db:5432/x")).as("nothing to mask")
                .isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(new NamedConnection("w", "jdbc:mysql://app:s3cret@db/x", null, "other", true).toString())
                .doesNotContain("s3cret", "other").contains("password set");
    }
}
