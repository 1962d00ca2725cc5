package leibniz.core;

import static leibniz.core.SaveFailureTest.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files left by saves that crashed are removed by the next save of the same target, and nothing
 * else is: real processes killed in the middle of a save leave them, as {@code kill -9} does.
 */
class TemporaryFilesTest {
    @TempDir
    Path dir;

    private static final Map<String, Tensor> ONE = Map.of("w", Tensor.scalar(1));

    /** A JVM running {@link InterruptedSave} on {@code file}, returned once it is in the middle of the save. */
    private static Process startSaving(Path file) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                InterruptedSave.class.getName(), file.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("writing"); line = out.readLine()) {
            lines.add(line);
        }
        assertTrue(p.isAlive(), "the saving process ended early: " + lines);
        return p;
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private List<String> temporaries() {
        return listing(dir).stream().filter(n -> n.endsWith(".tmp")).toList();
    }

    @Test
    void theNextSaveRemovesWhatKilledSavesLeftAndKeepsALiveWritersFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, ONE, Map.of());
        Process first = startSaving(file);
        Process second = startSaving(file);
        kill(first);
        String firstTemp = ".model.safetensors." + first.pid() + ".";
        String secondTemp = ".model.safetensors." + second.pid() + ".";
        try {
            assertEquals(2, temporaries().size(), temporaries().toString());
            Safetensors.write(file, ONE, Map.of());
            // The killed writer's file is gone; the live one's, locked and of a running process, stays.
            List<String> left = temporaries();
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.get(0).startsWith(secondTemp), left + " should be " + secondTemp + "...");
            assertTrue(temporaries().stream().noneMatch(n -> n.startsWith(firstTemp)));
        } finally {
            kill(second);
        }
        Safetensors.write(file, ONE, Map.of());
        assertEquals(List.of("model.safetensors"), listing(dir));
        assertEquals(ONE, Safetensors.read(file).tensors());
    }

    @Test
    void onlyAbandonedTemporaryFilesOfTheSameTargetAreRemoved() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Process crashed = startSaving(file);
        kill(crashed);
        String dead = crashed.pid() + ".0123456789abcdef.tmp";
        String own = ProcessHandle.current().pid() + ".0123456789abcdef.tmp";
        List<String> kept = List.of(
                ".model.safetensors." + own,                         // this process: maybe a save in progress
                ".other.safetensors." + dead,                        // another target
                ".model.safetensors.bak." + dead,                    // another target sharing the prefix
                "model.safetensors." + dead,                         // not hidden: not ours
                ".model.safetensors." + dead + ".keep",              // another suffix
                ".model.safetensors." + crashed.pid() + ".0123456789ABCDEF.tmp",   // upper-case hex
                ".model.safetensors.0123456789abcdef.tmp");          // earlier versions: no process id
        for (String name : kept) {
            Files.writeString(dir.resolve(name), "someone's");
        }
        Safetensors.write(file, ONE, Map.of());
        List<String> expected = new ArrayList<>(kept);
        expected.add("model.safetensors");
        assertEquals(expected.stream().sorted().toList(), listing(dir));
    }

    @Test
    void aLockedTemporaryFileIsKeptWhateverProcessItNames() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Process gone = startSaving(file);
        kill(gone);
        Process writer = startSaving(file);
        // The live writer's file, named as a writer on another machine sharing the folder would name it: by a
        // process id that means nothing here. Its lock still says someone is writing it.
        Path remote = dir.resolve(".model.safetensors." + gone.pid() + ".0123456789abcdef.tmp");
        try {
            String live = ".model.safetensors." + writer.pid() + ".";
            Files.move(dir.resolve(temporaries().stream().filter(n -> n.startsWith(live)).findFirst().orElseThrow()),
                    remote);
            Safetensors.write(file, ONE, Map.of());
            assertEquals(List.of(remote.getFileName().toString()), temporaries());
        } finally {
            kill(writer);
        }
        Safetensors.write(file, ONE, Map.of());
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void aNameWhoseWriterIdIsPastLongIsKeptAndDoesNotStopTheCleaning() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process gone = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        String past = ".model.safetensors.9999999999999999999.00000000000000aa.tmp";
        String dead = ".model.safetensors." + gone.pid() + ".00000000000000bb.tmp";
        Files.writeString(dir.resolve(past), "x");
        Files.writeString(dir.resolve(dead), "x");
        Safetensors.write(file, ONE, Map.of());
        assertEquals(List.of(past), temporaries());
    }
}
