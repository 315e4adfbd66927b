#include "audio/LibraryVersions.h"

#include <QRegularExpression>
#include <QTest>
#include <set>

class TestLibraryVersions : public QObject {
    Q_OBJECT
private slots:
    void everyEngineLibraryReportsAVersion() {
        const auto libs = onair::audio::engineLibraryVersions();
        std::set<std::string> names;
        const QRegularExpression hasNumber(QStringLiteral("\\d+\\.\\d+"));
        for (const auto& lib : libs) {
            names.insert(lib.name);
            const QString version = QString::fromStdString(lib.version);
            QVERIFY2(hasNumber.match(version).hasMatch(),
                     qPrintable(QString::fromStdString(lib.name) + ": " + version));
            QVERIFY2(!lib.purpose.empty(), lib.name.c_str());
        }
        const std::set<std::string> expected{"PortAudio", "libsndfile", "FFmpeg", "TagLib",
                                             "libebur128"};
        QCOMPARE(names, expected);
    }

    void ffmpegNamesEachOfItsLibraries() {
        for (const auto& lib : onair::audio::engineLibraryVersions()) {
            if (lib.name != "FFmpeg") {
                continue;
            }
            for (const char* part : {"libavcodec", "libavformat", "libavutil", "libswresample"}) {
                QVERIFY2(lib.version.find(part) != std::string::npos, part);
            }
            return;
        }
        QFAIL("FFmpeg missing");
    }
};

QTEST_GUILESS_MAIN(TestLibraryVersions)
#include "tst_library_versions.moc"
