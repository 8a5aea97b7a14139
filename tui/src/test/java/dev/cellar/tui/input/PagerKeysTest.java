package dev.cellar.tui.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.cellar.tui.state.Mode;
import dev.cellar.tui.state.Pager;
import dev.cellar.tui.state.TuiState;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagerKeysTest {

    private static TuiState type(TuiState s, String keys) {
        for (char c : keys.toCharArray()) {
            s = Keymap.dispatch(s, new KeyStroke(c, false, false), 10).state();
        }
        return s;
    }

    @Test
    void slashTypesASearchEnterFindsItNFindsTheNextQGoesBack() {
        TuiState s = TuiState.empty("nb.py").withPager(Pager.of("out", List.of("alpha", "beta", "gamma", "beta again")));
        assertThat(s.mode()).isEqualTo(Mode.PAGER);
        s = type(s, "/bet");
        assertThat(s.pager().typing()).isTrue();
        s = Keymap.dispatch(s, new KeyStroke(KeyType.Enter), 10).state();
        assertThat(s.pager().top()).isEqualTo(1);
        assertThat(type(s, "n").pager().top()).isEqualTo(3);
        assertThat(type(s, "G").pager().top()).isEqualTo(3);
        assertThat(Keymap.dispatch(type(s, "G"), new KeyStroke(KeyType.PageUp), 10).state().pager().top()).isZero();
        TuiState back = type(s, "q");
        assertThat(back.mode()).isEqualTo(Mode.NAVIGATE);
        assertThat(back.pager()).isNull();
    }
}
