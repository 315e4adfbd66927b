// The studio window offscreen: its shape (menus, transport, docks, status bar), the About
// dialog's library table, and that it draws something.
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/TrackListWidget.h"
#include "ui/TrackRowWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <memory>
#include <set>

using onair::ui::AboutDialog;
using onair::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
    std::unique_ptr<onair::audio::AudioSystem> audio_;
    std::unique_ptr<onair::app::Studio> studio_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        audio_ = std::make_unique<onair::audio::AudioSystem>();
    }
    // A fresh studio per test: no episode open.
    void init() { studio_ = std::make_unique<onair::app::Studio>(*audio_); }
    void cleanup() { studio_.reset(); }

    void hasTheStudioMenus() {
        MainWindow window(*studio_);
        QStringList titles;
        for (QAction* a : window.menuBar()->actions()) {
            titles << a->text().remove('&');
        }
        QCOMPARE(titles, (QStringList{"File", "Edit", "Transport", "View", "Help"}));
    }

    void toolbarCarriesTheTransport() {
        MainWindow window(*studio_);
        auto* bar = window.findChild<QToolBar*>(QStringLiteral("transportToolBar"));
        QVERIFY(bar);
        std::set<QString> names;
        for (QAction* a : bar->actions()) {
            names.insert(a->objectName());
        }
        for (const char* n : {"actionRecord", "actionPlay", "actionStop"}) {
            QVERIFY2(names.count(QLatin1String(n)), n);
            auto* action = window.findChild<QAction*>(QLatin1String(n));
            QVERIFY(!action->icon().isNull());
        }
        QCOMPARE(window.findChild<QAction*>(QStringLiteral("actionRecord"))->shortcut(),
                 QKeySequence(QStringLiteral("R")));
    }

    void hasTrackAreaDocksAndStatusBar() {
        MainWindow window(*studio_);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* center = qobject_cast<QStackedWidget*>(window.centralWidget());
        QVERIFY(center);
        QCOMPARE(center->currentWidget()->objectName(), QStringLiteral("trackArea"));
        for (const char* dock : {"prompterDock", "meterDock"}) {
            auto* d = window.findChild<QDockWidget*>(QLatin1String(dock));
            QVERIFY2(d, dock);
            QVERIFY2(d->isVisible(), dock);
            QVERIFY(d->widget());
        }
        QVERIFY(window.statusBar()->isVisible());
    }

    void transportFollowsTheEpisode() {
        MainWindow window(*studio_);
        auto* record = window.findChild<QAction*>(QStringLiteral("actionRecord"));
        auto* stop = window.findChild<QAction*>(QStringLiteral("actionStop"));
        QVERIFY(!record->isEnabled()); // nothing to record into yet
        QVERIFY(!stop->isEnabled());
        QTemporaryDir dir;
        QCOMPARE(studio_->newEpisode(dir.filePath("show.onair"), "Show"), QString());
        QVERIFY(record->isEnabled());
        QVERIFY(!stop->isEnabled());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Show")));
        auto* center = qobject_cast<QStackedWidget*>(window.centralWidget());
        QCOMPARE(center->currentWidget()->objectName(), QStringLiteral("episodeView"));
        QVERIFY(!window.findChild<QLabel*>(QStringLiteral("diskTimeLeft"))->text().isEmpty());
    }

    void trackRowsEditTheEpisode() {
        MainWindow window(*studio_);
        QTemporaryDir dir;
        QCOMPARE(studio_->newEpisode(dir.filePath("rows.onair"), "Rows"), QString());
        QCOMPARE(window.trackList()->rows().size(), 1); // a new episode starts with a host track
        window.findChild<QPushButton*>(QStringLiteral("addTrackButton"))->click();
        QTRY_COMPARE(studio_->episode().tracks().size(), 2);
        QTRY_COMPARE(window.trackList()->rows().size(), 2);

        onair::ui::TrackRowWidget* second = window.trackList()->rows().at(1);
        auto* name = second->findChild<QLineEdit*>(QStringLiteral("trackName"));
        name->setText(QStringLiteral("Guest"));
        emit name->editingFinished();
        auto* input = second->findChild<QComboBox*>(QStringLiteral("inputSelector"));
        QVERIFY(input->findText(QStringLiteral("In 1+2 (stereo)")) >= 0);
        input->setCurrentIndex(input->findText(QStringLiteral("In 1+2 (stereo)")));
        second = nullptr; // the list is rebuilt from the episode after each edit
        QTRY_COMPARE(studio_->episode().tracks().at(1).name, QStringLiteral("Guest"));
        QTRY_COMPARE(studio_->episode().tracks().at(1).channels, 2);
        QCOMPARE(studio_->episode().tracks().at(1).firstChannel, 0);

        window.trackList()
            ->rows()
            .at(0)
            ->findChild<QToolButton*>(QStringLiteral("armButton"))
            ->click();
        QTRY_VERIFY(!studio_->episode().tracks().at(0).armed);

        // Track changes are edits like any other: saved with the episode, kept when reopened.
        QVERIFY(studio_->episode().tracks().size() == 2);
        QCOMPARE(studio_->document().save(), QString());
        QVERIFY(studio_->openEpisode(dir.filePath("rows.onair")).isEmpty());
        QCOMPARE(studio_->episode().tracks().at(1).name, QStringLiteral("Guest"));
        QVERIFY(!studio_->episode().tracks().at(0).armed);
    }

    void viewMenuTogglesTheDocks() {
        MainWindow window(*studio_);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("prompterDock"));
        dock->toggleViewAction()->trigger();
        QVERIFY(!dock->isVisible());
        dock->toggleViewAction()->trigger();
        QVERIFY(dock->isVisible());
    }

    void drawsSomethingThatIsNotBlank() {
        MainWindow window(*studio_);
        window.resize(1000, 650);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QImage image = window.grab().toImage();
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4) {
                colours.insert(image.pixel(x, y));
            }
        }
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }

    void aboutListsEveryLinkedLibrary() {
        AboutDialog dialog;
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("libraryTable"));
        QVERIFY(table);
        QStringList names;
        for (int row = 0; row < table->rowCount(); ++row) {
            names << table->item(row, 0)->text();
            QVERIFY(!table->item(row, 1)->text().isEmpty());
        }
        for (const char* lib :
             {"Qt", "PortAudio", "libsndfile", "FFmpeg", "TagLib", "libebur128"}) {
            QVERIFY2(names.contains(QLatin1String(lib)), lib);
        }
        QVERIFY(dialog.reportText().contains(QStringLiteral("OnAir")));
    }

    void helpAboutOpensTheDialog() {
        MainWindow window(*studio_);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = window.findChild<AboutDialog*>();
            seen = dialog && dialog->isVisible();
            if (dialog) {
                dialog->reject();
            }
        });
        window.findChild<QAction*>(QStringLiteral("actionAbout"))->trigger();
        QVERIFY(seen);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
