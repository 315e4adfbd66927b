#include "ui/MainWindow.h"

#include "app/PrompterController.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/AboutDialog.h"
#include "ui/AudioSettingsDialog.h"
#include "ui/EmptyStateWidget.h"
#include "ui/LevelMeterWidget.h"
#include "ui/TimelineView.h"
#include "ui/TrackListWidget.h"
#include "ui/UiResources.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <cmath>

namespace onair::ui {
namespace {

QAction* makeAction(QObject* parent, const QString& objectName, const QString& text,
                    const QKeySequence& shortcut, const QString& icon = {}) {
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
    }
    if (!icon.isEmpty()) {
        action->setIcon(QIcon(icon));
    }
    return action;
}

QString clockText(double seconds) {
    const auto ms = static_cast<qint64>(seconds * 1000.0);
    return QStringLiteral("%1:%2:%3.%4")
        .arg(ms / 3600000, 2, 10, QLatin1Char('0'))
        .arg((ms / 60000) % 60, 2, 10, QLatin1Char('0'))
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QString durationText(double seconds) {
    const auto s = static_cast<qint64>(seconds);
    if (s >= 3600) {
        return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
    }
    return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

} // namespace

MainWindow::MainWindow(app::Studio& studio, QWidget* parent)
    : QMainWindow(parent)
    , studio_(studio) {
    ensureUiResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/onair.svg")));
    createActions();
    createCentralArea();
    createMenus();
    createToolBar();
    createDocks();
    createStatusBar();
    resize(1280, 800);
    // The prompter is read from a distance: give it a real column, not a sliver.
    resizeDocks({prompterDock_}, {420}, Qt::Horizontal);
    restoreLayout();

    connect(&studio_, &app::Studio::episodeChanged, this, &MainWindow::onEpisodeChanged);
    connect(&studio_, &app::Studio::recordingChanged, this, &MainWindow::onRecordingChanged);
    connect(&studio_, &app::Studio::takeFinished, this, &MainWindow::onTakeFinished);
    connect(&studio_, &app::Studio::tick, this, &MainWindow::refresh);
    // Waveforms of long files take a moment the first time: say so rather than look empty.
    connect(&studio_.peaks(), &app::PeakCache::progress, this,
            [this](const QString& source, double fraction) {
                statusBar()->showMessage(tr("Building waveform of %1: %2%")
                                             .arg(source.section(QLatin1Char('/'), -1))
                                             .arg(qRound(fraction * 100)),
                                         2000);
            });
    connect(&studio_.peaks(), &app::PeakCache::failed, this,
            [this](const QString& source, const QString& error) {
                statusBar()->showMessage(tr("No waveform for %1: %2").arg(source, error), 10000);
            });
    connect(&studio_.transport(), &app::Transport::positionChanged, this,
            &MainWindow::refreshPlayback);
    connect(&studio_, &app::Studio::playheadChanged, this, &MainWindow::refreshPlayback);
    connect(&studio_.transport(), &app::Transport::playingChanged, this, [this](bool playing) {
        playAction_->setIcon(QIcon(playing ? QStringLiteral(":/icons/stop.svg")
                                           : QStringLiteral(":/icons/play.svg")));
        stopAction_->setEnabled(playing || studio_.recording());
        if (!playing) {
            meters_->reset();
        }
    });
    connect(&studio_, &app::Studio::notice, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    onEpisodeChanged();
    onRecordingChanged(false);
}

void MainWindow::createActions() {
    quitAction_ = makeAction(this, "actionQuit", tr("&Quit"), QKeySequence::Quit);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);
    newAction_ = makeAction(this, "actionNew", tr("&New Episode…"), QKeySequence::New);
    connect(newAction_, &QAction::triggered, this, &MainWindow::newEpisode);
    openAction_ = makeAction(this, "actionOpen", tr("&Open Episode…"), QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openEpisode);
    settingsAction_ =
        makeAction(this, "actionAudioSettings", tr("&Audio Settings…"), QKeySequence(tr("Ctrl+,")));
    connect(settingsAction_, &QAction::triggered, this, &MainWindow::showAudioSettings);

    saveAction_ = makeAction(this, "actionSave", tr("&Save"), QKeySequence::Save);
    connect(saveAction_, &QAction::triggered, this, &MainWindow::save);
    importAction_ =
        makeAction(this, "actionImport", tr("&Import Audio…"), QKeySequence(tr("Ctrl+I")));
    connect(importAction_, &QAction::triggered, this, &MainWindow::importAudio);
    exportAction_ = makeAction(this, "actionExport", tr("&Export…"), QKeySequence(tr("Ctrl+E")));
    connect(exportAction_, &QAction::triggered, this, &MainWindow::exportEpisode);
    undoAction_ = studio_.document().undoStack().createUndoAction(this, tr("&Undo"));
    undoAction_->setObjectName(QStringLiteral("actionUndo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_ = studio_.document().undoStack().createRedoAction(this, tr("&Redo"));
    redoAction_->setObjectName(QStringLiteral("actionRedo"));
    redoAction_->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    // Space plays and pauses; during a take it stops the take, script or not (what hosts from
    // Audacity and Hindenburg reach for). The prompter pauses with P (MainWindowScript.cpp).
    playAction_ = makeAction(this, "actionPlay", tr("&Play/Pause"), QKeySequence(tr("Space")),
                             QStringLiteral(":/icons/play.svg"));
    connect(playAction_, &QAction::triggered, this, &MainWindow::playPause);
    loopAction_ = makeAction(this, "actionLoop", tr("&Loop Selection"), QKeySequence(tr("L")));
    loopAction_->setCheckable(true);
    connect(loopAction_, &QAction::toggled, this, [this](bool on) {
        studio_.setLoop(on ? timeline_->selectionStart() : 0, on ? timeline_->selectionEnd() : 0);
    });
    recordAction_ = makeAction(this, "actionRecord", tr("&Record"), QKeySequence(tr("R")),
                               QStringLiteral(":/icons/record.svg"));
    connect(recordAction_, &QAction::triggered, this, &MainWindow::record);
    stopAction_ = makeAction(this, "actionStop", tr("&Stop"), QKeySequence(tr("Ctrl+Space")),
                             QStringLiteral(":/icons/stop.svg"));
    connect(stopAction_, &QAction::triggered, this, &MainWindow::stop);
    monitorAction_ =
        makeAction(this, "actionMonitor", tr("&Hear Inputs While Recording"), QKeySequence());
    monitorAction_->setCheckable(true);
    monitorAction_->setChecked(studio_.settings().monitor);
    monitorAction_->setStatusTip(tr("Hear the armed inputs on the output device while recording"));
    connect(monitorAction_, &QAction::toggled, this,
            [this](bool on) { studio_.setMonitoring(on); });
    // Levels before a take: armed tracks always show theirs; this opens every track's input.
    monitorInputsAction_ =
        makeAction(this, "actionMonitorInputs", tr("&Monitor Inputs"), QKeySequence());
    monitorInputsAction_->setCheckable(true);
    monitorInputsAction_->setChecked(studio_.monitorInputs());
    monitorInputsAction_->setStatusTip(
        tr("Show every track's input level without recording (armed tracks always show theirs)"));
    connect(monitorInputsAction_, &QAction::toggled, this,
            [this](bool on) { studio_.setMonitorInputs(on); });

    aboutAction_ = makeAction(this, "actionAbout", tr("&About OnAir"), QKeySequence());
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    file->addAction(saveAction_);
    file->addSeparator();
    file->addAction(importAction_);
    file->addAction(exportAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);
    edit->addSeparator();
    auto* view = new QMenu(tr("&View"), this); // in the menu bar after Transport
    view->setObjectName(QStringLiteral("menuView"));
    createEditActions(edit, view);
    edit->addSeparator();
    edit->addAction(settingsAction_);

    QMenu* transport = menuBar()->addMenu(tr("&Transport"));
    transport->setObjectName(QStringLiteral("menuTransport"));
    transport->addAction(recordAction_);
    transport->addAction(playAction_);
    transport->addAction(stopAction_);
    transport->addAction(loopAction_);
    transport->addSeparator();
    transport->addAction(monitorInputsAction_);
    transport->addAction(monitorAction_);

    menuBar()->addMenu(view);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(aboutAction_);
    QAction* aboutQt = help->addAction(tr("About &Qt"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Transport"));
    bar->setObjectName(QStringLiteral("transportToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(24, 24));
    bar->addAction(recordAction_);
    bar->addAction(playAction_);
    bar->addAction(stopAction_);
    bar->addSeparator();

    // The elapsed-time clock: fixed-width digits so it does not jitter while it runs.
    clock_ = new QLabel(clockText(0), bar);
    clock_->setObjectName(QStringLiteral("transportClock"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.6);
    clock_->setFont(mono);
    clock_->setContentsMargins(12, 0, 12, 0);
    bar->addWidget(clock_);
    bar->addSeparator();

    disk_ = new QLabel(bar);
    disk_->setObjectName(QStringLiteral("diskTimeLeft"));
    disk_->setContentsMargins(12, 0, 12, 0);
    disk_->setToolTip(tr("Recording time left on the episode's disk for the armed tracks"));
    bar->addWidget(disk_);
}

void MainWindow::createCentralArea() {
    auto* empty = new EmptyStateWidget(tr("No episode open"),
                                       tr("File \u2192 New Episode (Ctrl+N) or Open Episode "
                                          "(Ctrl+O).\nEach microphone records to its own track."),
                                       this);
    empty->setObjectName(QStringLiteral("trackArea"));
    trackList_ = new TrackListWidget(this);
    timeline_ = new TimelineView(studio_, this);
    connect(timeline_, &TimelineView::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(trackList_, &TrackListWidget::tracksEdited, this,
            [this](const QList<app::Track>& tracks) {
                if (const QString err = studio_.setTracks(tracks); !err.isEmpty()) {
                    QMessageBox::warning(this, tr("Tracks"), err);
                }
            });
    // Each track's header (arm, name, input, meter) sits beside its lane, as in Hindenburg and
    // REAPER: the meter a host watches is next to the take it is recording.
    timeline_->setTrackHeaders(trackList_);
    auto* editor = new QWidget(this);
    editor->setObjectName(QStringLiteral("episodeView"));
    auto* editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(timeline_);
    center_ = new QStackedWidget(this);
    center_->addWidget(empty);
    center_->addWidget(editor);
    setCentralWidget(center_);
}

void MainWindow::createDocks() {
    createScriptDocks();
    createScriptActions(findChild<QMenu*>(QStringLiteral("menuFile")),
                        findChild<QMenu*>(QStringLiteral("menuTransport")),
                        findChild<QMenu*>(QStringLiteral("menuView")));

    meters_ = new LevelMeterWidget(2, Qt::Vertical, this);
    meters_->setObjectName(QStringLiteral("levelMeters"));
    meterDock_ = new QDockWidget(tr("Levels"), this);
    meterDock_->setObjectName(QStringLiteral("meterDock"));
    meterDock_->setWidget(meters_);
    addDockWidget(Qt::LeftDockWidgetArea, meterDock_);

    QMenu* view = findChild<QMenu*>(QStringLiteral("menuView"));
    view->addAction(prompterDock_->toggleViewAction());
    view->addAction(meterDock_->toggleViewAction());
}

void MainWindow::createStatusBar() {
    statusEpisode_ = new QLabel(this);
    statusEpisode_->setObjectName(QStringLiteral("statusEpisode"));
    statusBar()->addWidget(statusEpisode_, 1);
    statusLoss_ = new QLabel(this);
    statusLoss_->setObjectName(QStringLiteral("statusLoss"));
    statusLoss_->setStyleSheet(QStringLiteral("color: #d9363e; font-weight: bold;"));
    statusBar()->addPermanentWidget(statusLoss_);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (studio_.recording()) {
        const auto answer = QMessageBox::question(this, tr("Recording"),
                                                  tr("A take is recording. Stop it and quit?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        studio_.stopRecording();
    }
    if (!confirmClose()) {
        event->ignore();
        return;
    }
    studio_.stopPlayback();
    studio_.document().close();
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

int MainWindow::inputChannelCount() const {
    int most = 2;
    for (const auto& d : studio_.audioSystem().devices()) {
        const auto& s = studio_.settings();
        if (!s.inputDevice.isEmpty() && QString::fromStdString(d.name) == s.inputDevice) {
            return std::max(1, d.maxInputChannels);
        }
        if (d.isDefaultInput) {
            most = std::max(most, d.maxInputChannels);
        }
    }
    return most;
}

void MainWindow::onEpisodeChanged() {
    const bool open = studio_.hasEpisode();
    loadEpisodeScript();
    center_->setCurrentIndex(open ? 1 : 0);
    if (open) {
        trackList_->setTracks(studio_.episode().tracks(), inputChannelCount());
        int armed = 0;
        for (const auto& t : studio_.episode().tracks()) {
            armed += t.armed ? 1 : 0;
        }
        meters_->setChannelCount(std::max(1, armed));
        statusEpisode_->setText(tr("%1 \u2014 %2 track(s), %3 take(s)")
                                    .arg(studio_.episode().title())
                                    .arg(studio_.episode().tracks().size())
                                    .arg(studio_.episode().takes.size()));
        setWindowTitle(tr("%1 \u2014 OnAir").arg(studio_.episode().title()));
    } else {
        statusEpisode_->setText(tr("No episode open"));
        setWindowTitle(QStringLiteral("OnAir"));
    }
    onRecordingChanged(studio_.recording());
    refresh();
}

void MainWindow::onRecordingChanged(bool recording) {
    recordAction_->setEnabled(studio_.hasEpisode() && !recording);
    stopAction_->setEnabled(recording || studio_.playing());
    playAction_->setEnabled(studio_.hasEpisode());
    saveAction_->setEnabled(studio_.hasEpisode() && !recording);
    importAction_->setEnabled(studio_.hasEpisode() && !recording);
    exportAction_->setEnabled(studio_.hasEpisode() && !recording);
    importScriptAction_->setEnabled(studio_.hasEpisode() && !recording);
    flubAction_->setEnabled(recording);
    nextSectionAction_->setEnabled(recording);
    previousSectionAction_->setEnabled(recording);
    newAction_->setEnabled(!recording);
    openAction_->setEnabled(!recording);
    settingsAction_->setEnabled(!recording);
    trackList_->setRecording(recording);
    // A red clock is the studio's "on air" light: nobody misses that a take is running.
    clock_->setStyleSheet(recording ? QStringLiteral("color: #d9363e;") : QString());
    if (!recording) {
        meters_->reset();
    }
}

void MainWindow::onTakeFinished(const app::Take& take, const QString& error) {
    const double seconds = take.sampleRate > 0 ? double(take.frames) / take.sampleRate : 0.0;
    statusBar()->showMessage(tr("Take recorded: %1 (%2)").arg(clockText(seconds), take.status),
                             10000);
    if (take.status != QLatin1String("complete") || !error.isEmpty()) {
        QMessageBox::warning(this, tr("Recording stopped"),
                             tr("%1\n\nEverything recorded up to that point (%2) is kept in "
                                "take %3.")
                                 .arg(error, clockText(seconds), take.id));
    }
}

void MainWindow::refreshPlayback() {
    if (studio_.recording()) {
        return;
    }
    clock_->setText(clockText(studio_.episode().seconds(studio_.playhead())));
    if (studio_.playing()) {
        const auto levels = studio_.transport().levels();
        meters_->setChannelCount(std::max<int>(1, int(levels.size())));
        for (int i = 0; i < levels.size(); ++i) {
            const auto db = [](float v) { return v > 0 ? 20.0 * std::log10(double(v)) : -1e9; };
            meters_->setLevels(i, db(levels[i].first), db(levels[i].second), false);
        }
    }
}

void MainWindow::refresh() {
    const bool recording = studio_.recording();
    if (!recording) {
        refreshPlayback();
    } else {
        clock_->setText(clockText(studio_.elapsedSeconds()));
    }
    refreshLevels();
    const auto left = studio_.diskSecondsLeft();
    const bool low = left && *left < 600.0;
    disk_->setText(left ? tr("Disk: %1 left").arg(durationText(*left)) : QString());
    disk_->setStyleSheet(low ? QStringLiteral("color: #d9363e; font-weight: bold;") : QString());
    if (low && recording) {
        statusBar()->showMessage(tr("Less than 10 minutes of recording left on the disk"), 2000);
    }
    const quint32 xruns = studio_.xruns();
    const qint64 dropped = studio_.droppedFrames();
    statusLoss_->setText(
        xruns || dropped ? tr("xruns: %1  dropped frames: %2").arg(xruns).arg(dropped) : QString());
}

// The only reader of the input meters (Studio::trackLevels drains the engine's meter windows):
// every track header, and the Levels dock for the tracks whose input is open unless it is
// showing the output during playback.
void MainWindow::refreshLevels() {
    const QList<app::TrackLevel> levels = studio_.trackLevels();
    trackList_->setLevels(levels);
    if (studio_.playing() && !studio_.recording()) {
        return;
    }
    QList<app::TrackLevel> open;
    for (const auto& l : levels) {
        if (l.live) {
            open.append(l);
        }
    }
    if (open.isEmpty()) {
        meters_->reset(); // no input open: nothing measured
        return;
    }
    meters_->setChannelCount(int(open.size()));
    for (int i = 0; i < open.size(); ++i) {
        meters_->setLevels(i, open[i].peakDb, open[i].rmsDb, false);
    }
}

void MainWindow::newEpisode() {
    if (!confirmClose()) {
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("New Episode"), QString(),
                                                      tr("OnAir episodes (*.onair)"));
    if (path.isEmpty()) {
        return;
    }
    const QString folder = path.endsWith(QLatin1String(".onair")) ? path : path + ".onair";
    const QString title = QFileInfo(folder).completeBaseName();
    if (const QString err = studio_.newEpisode(folder, title); !err.isEmpty()) {
        QMessageBox::warning(this, tr("New Episode"), err);
    }
}

void MainWindow::openEpisode() {
    if (!confirmClose()) {
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Episode"));
    if (!folder.isEmpty()) {
        openEpisodeFolder(folder);
    }
}

void MainWindow::openEpisodeFolder(const QString& folder) {
    const auto askAutosave = [this](const QDateTime& when) {
        return QMessageBox::question(
                   this, tr("Unsaved edits"),
                   tr("OnAir stopped on %1 before these edits were saved. Recover them?\n\n"
                      "(Recovering is one Undo step; Save keeps them.)")
                       .arg(QLocale().toString(when.toLocalTime(), QLocale::ShortFormat))) ==
               QMessageBox::Yes;
    };
    if (const QString err = studio_.openEpisode(folder, askAutosave); !err.isEmpty()) {
        QMessageBox::warning(this, tr("Open Episode"), err);
    }
}

void MainWindow::showAudioSettings() {
    studio_.refreshDevices(); // list what is connected now, not what was at start-up
    AudioSettingsDialog dialog(studio_.settings(), studio_.audioSystem().hostApis(),
                               studio_.audioSystem().devices(), this);
    if (dialog.exec() == QDialog::Accepted) {
        studio_.setSettings(dialog.settings());
        onEpisodeChanged(); // input channel choices follow the device
    }
}

void MainWindow::record() {
    if (const QString err = studio_.startRecording(); !err.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot record"), err);
        return;
    }
    if (prompting()) {
        focusPrompter();
        statusBar()->showMessage(tr("Recording: Space stops the take, P pauses the prompter"),
                                 8000);
    }
}

void MainWindow::stop() {
    if (studio_.recording()) {
        studio_.stopRecording();
    } else {
        studio_.stopPlayback();
    }
}

void MainWindow::playPause() {
    if (studio_.recording()) {
        studio_.stopRecording();
        return;
    }
    if (const QString err = studio_.togglePlayback(); !err.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot play"), err);
    }
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace onair::ui
