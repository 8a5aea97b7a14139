package dev.cellar.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Libraries that log through SLF4J (openai-java's) end up where the daemon's own log goes. */
class LibraryLoggingTest {
    @Test
    void aLibrarysSlf4jWarningReachesJavaUtilLogging() {
        List<LogRecord> seen = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("some.library");
        jul.addHandler(capture);
        try {
            org.slf4j.LoggerFactory.getLogger("some.library").warn("a library's warning");
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(seen).extracting(LogRecord::getMessage).containsExactly("a library's warning");
    }
}
