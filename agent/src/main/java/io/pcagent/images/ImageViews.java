package io.pcagent.images;

import java.util.LinkedHashMap;
import java.util.Map;

/** Images as the API shows them. */
public final class ImageViews {
  private ImageViews() {}

  public static Map<String, Object> image(Image image) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", image.name());
    view.put("path", image.path().toString());
    view.put("state", image.available() ? "available" : "invalid");
    view.put("sizeBytes", image.sizeBytes());
    image.invalid().ifPresent(why -> view.put("invalid", why));
    image.squashfs().ifPresent(squashfs -> {
      view.put("created", squashfs.created().toString());
      view.put("compression", squashfs.compression());
      view.put("inodes", squashfs.inodes());
      view.put("bytesUsed", squashfs.bytesUsed());
    });
    image.metadata().ifPresent(metadata -> {
      view.put("source", metadata.source());
      view.put("digest", metadata.digest());
      view.put("importedAt", metadata.importedAt());
      view.put("importRun", metadata.runId());
      view.put("sha256", metadata.sha256());
    });
    return view;
  }
}
