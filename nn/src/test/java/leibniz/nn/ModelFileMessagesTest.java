package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model save or load says when the path is wrong: the path the user gave and what was expected. */
class ModelFileMessagesTest {
    @TempDir
    Path dir;

    private final Linear model = Linear.create(2, 3, new SplittableRandom(1));

    @Test
    void savingUnderAMissingFolderNamesTheModelFileAndTheFolder() {
        Path file = dir.resolve("runs/model.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFile.save(model, file));
        assertEquals(file + ": cannot save: the folder " + dir.resolve("runs") + " does not exist", e.getMessage());
    }

    @Test
    void loadingAFolderSaysAModelFileWasExpectedAndChangesNothing() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("runs"));
        Tensor before = model.parameters().get("weight").value();
        FileSystemException e = assertThrows(FileSystemException.class, () -> ModelFile.load(model, folder));
        assertEquals(folder + ": is a folder; expected a safetensors file", e.getMessage());
        assertEquals(before, model.parameters().get("weight").value());
    }
}
