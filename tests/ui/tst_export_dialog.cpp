// The export dialog on the demo episode (built by the real CLI): its details form, the chapter
// list, an export run from the dialog, and the loudness report it shows afterwards.
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/ExportDialog.h"
#include "ui/LoudnessPlot.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace onair;

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void exportsTheOpenEpisodeAndReportsItsLoudness() {
        QTemporaryDir dir;
        const QString episode = dir.filePath("Demo.onair");
        QProcess make;
        make.start(qEnvironmentVariable("ONAIR_MAKE_DEMO"),
                   {qEnvironmentVariable("ONAIR_CLI"), episode});
        QVERIFY(make.waitForFinished(60000));
        QCOMPARE(make.exitCode(), 0);

        audio::AudioSystem system;
        app::Studio studio(system);
        QCOMPARE(studio.openEpisode(episode), QString());
        ui::ExportDialog dialog(studio);
        dialog.resize(900, 700);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* chapters = dialog.findChild<QListWidget*>("chapterList");
        QCOMPARE(chapters->count(), 3);
        QVERIFY(chapters->item(1)->text().contains("Inside the studio"));

        dialog.setOutputFolder(dir.filePath("out"));
        dialog.startExport();
        QCOMPARE(dialog.lastError(), QString());
        QCOMPARE(dialog.lastFiles().size(), 2); // MP3 (the default) and the JSON chapters
        QVERIFY(QFile::exists(dialog.lastFiles().first()));
        const QString status = dialog.findChild<QLabel*>("exportStatus")->text();
        QVERIFY2(status.contains("After: -16") || status.contains("After: -15"),
                 qPrintable(status));
        QDir().mkpath("screenshots");
        dialog.grab().save("screenshots/export-dialog.png");
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_export_dialog.moc"
