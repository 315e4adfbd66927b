// Helper for tst_save_crash: saves FOLDER's episode in a tight loop, alternating between two
// big versions (5,000 clips titled "A" and 5,001 clips titled "B"), until it is killed.
#include "app/Edits.h"
#include "app/EpisodeStore.h"

#include <QCoreApplication>
#include <cstdio>

using namespace onair::app;

namespace {

// `clips` one-second clips on one track, the title saying which version this is.
Episode version(int clips, const QString& title) {
    Episode e;
    e.edit.metadata.title = title;
    e.tracks() = {Track{QStringLiteral("Host")}};
    for (int i = 0; i < clips; ++i) {
        Clip c;
        c.id = QStringLiteral("c%1").arg(i + 1);
        c.source = QStringLiteral("audio/take1-Host.wav");
        c.sourceFrames = 48000LL * clips;
        c.sourceStart = 48000LL * i;
        c.length = 48000;
        c.position = 48000LL * i;
        e.tracks()[0].clips.append(c);
    }
    e.edit.nextId = clips + 1;
    return e;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: save_loop FOLDER\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    const Episode versions[] = {version(5000, QStringLiteral("A")),
                                version(5001, QStringLiteral("B"))};
    for (quint64 n = 0;; ++n) {
        if (const QString err = EpisodeStore::save(folder, versions[n % 2]); !err.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(err));
            return 1;
        }
        if (n == 1) { // both versions are on disk (episode.json and .bak): the test may kill
            std::printf("saving\n");
            std::fflush(stdout);
        }
    }
}
