package dev.cellar.daemon.notebook;

import dev.cellar.daemon.ClientEvents;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Path;

/**
 * A client of a real daemon, as the tests of the file watcher use one: connected as
 * {@code alice}, its events heard by a {@link ClientEvents}, with one notebook open and
 * subscribed to from the snapshot's seq (so no event is missed).
 */
record AttachedClient(CellarClient client, String notebookId) {

    static AttachedClient open(Path socket, Path notebook, ClientEvents received) throws Exception {
        CellarClient client = CellarClient.connect(socket, "alice");
        received.attach(client);
        NotebookSnapshot s = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(notebook.toString(), false),
                NotebookSnapshot.class);
        client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(s.notebookId(), s.seq()), Object.class);
        return new AttachedClient(client, s.notebookId());
    }
}
