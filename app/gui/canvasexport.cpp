#include "canvasexport.h"

#include "canvasscene.h"
#include "document.h"

#include "charts/chartexport.h"
#include "models/fields.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QSignalBlocker>
#include <QSvgGenerator>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace scalelab::gui {

namespace {

const QColor kZoneInk(0x45, 0x5a, 0x64);

/// The study's zones as boxes behind the components in them (one with
/// machines but no zones is in the first one; those without machines, an
/// external service, a CDN or a module, are in none), for as long as it
/// lives. A zone whose components are spread among others takes several
/// boxes, each labelled, rather than one covering a component outside it.
class ZoneBoxes
{
public:
    explicit ZoneBoxes(CanvasScene& scene)
    {
        const scenarios::Study& study = scene.document()->study();
        const auto* variant = [&]() -> const scenarios::Variant* {
            for (const auto& v : study.variants)
                if (QString::fromStdString(v.name) == scene.variant())
                    return &v;
            return nullptr;
        }();
        if (!variant || study.network.zones.empty())
            return;
        const std::string first = study.network.zones.front().name;
        const unsigned zoned = models::kindsWith(&models::Kind::hasMachines) | models::kEntry;
        std::map<std::string, std::vector<QRectF>> members; // the boxes of each zone's components
        std::vector<std::pair<std::string, QRectF>> all;    // every component's box
        for (const auto& c : variant->components) {
            const ComponentItem* item = scene.item(QString::fromStdString(c.name));
            if (!item)
                continue;
            const QRectF box = item->mapRectToScene(QRectF(-ComponentItem::kWidth / 2, -ComponentItem::kHeight / 2,
                                                           ComponentItem::kWidth, ComponentItem::kHeight));
            all.emplace_back(c.name, box);
            if (!(models::kindBit(c.kind) & zoned))
                continue;
            for (const std::string& z : c.zones.empty() ? std::vector<std::string>{first} : c.zones)
                members[z].push_back(box);
        }
        // Later zones a little further out, their labels a row higher, so
        // that boxes of zones sharing components stay apart; each behind the
        // one inside it, translucent, behind the connections and components.
        int index = 0;
        for (const auto& zone : study.network.zones) {
            const auto it = members.find(zone.name);
            if (it == members.end())
                continue;
            const double pad = 16.0 + 8.0 * index;
            const QMarginsF margins(pad, pad + 24.0 + 20.0 * index, pad, pad);
            // A box never covers a component outside the zone: the zone's
            // components in as few boxes as the layout allows.
            std::vector<QRectF> outside;
            for (const auto& [name, box] : all)
                if (std::find(it->second.begin(), it->second.end(), box) == it->second.end())
                    outside.push_back(box);
            std::vector<QRectF> clusters = it->second;
            for (bool merged = true; merged;) {
                merged = false;
                for (size_t i = 0; i < clusters.size() && !merged; ++i)
                    for (size_t j = i + 1; j < clusters.size() && !merged; ++j) {
                        const QRectF both = clusters[i].united(clusters[j]);
                        if (std::none_of(outside.begin(), outside.end(), [&](const QRectF& o) {
                                return both.marginsAdded(margins).intersects(o);
                            })) {
                            clusters[i] = both;
                            clusters.erase(clusters.begin() + long(j));
                            merged = true;
                        }
                    }
            }
            QString label = "zone " + QString::fromStdString(zone.name);
            if (zone.region != "default")
                label += " (" + QString::fromStdString(zone.region) + ")";
            for (const QRectF& cluster : clusters)
                add(scene, cluster.marginsAdded(margins), label, -10.0 - 0.01 * index);
            ++index;
        }
    }
    ~ZoneBoxes()
    {
        for (auto& box : m_boxes)
            box->scene()->removeItem(box.get());
    }

private:
    void add(QGraphicsScene& scene, const QRectF& box, const QString& label, double z)
    {
        auto* rect = new QGraphicsRectItem(box);
        rect->setPen(QPen(kZoneInk, 1.4, Qt::DashLine));
        rect->setBrush(QColor(kZoneInk.red(), kZoneInk.green(), kZoneInk.blue(), 14));
        rect->setZValue(z);
        auto* text = new QGraphicsSimpleTextItem(label, rect);
        QFont font = text->font();
        font.setPointSizeF(10.0);
        font.setBold(true);
        text->setFont(font);
        text->setBrush(kZoneInk);
        text->setPos(box.topLeft() + QPointF(8.0, 4.0));
        scene.addItem(rect);
        m_boxes.emplace_back(rect);
    }

    std::vector<std::unique_ptr<QGraphicsRectItem>> m_boxes;
};

/// Components and connections as designed while it lives: no run's load,
/// faults or traffic; put back as they were after.
class DesignedLook
{
public:
    explicit DesignedLook(CanvasScene& scene)
    {
        for (QGraphicsItem* i : scene.items()) {
            if (i->type() == ComponentItem::Type) {
                auto* c = static_cast<ComponentItem*>(i);
                m_components.push_back({c, c->live(), c->faulty()});
                c->setLive(std::nullopt);
                c->setFaulty(false);
            } else if (i->type() == EdgeItem::Type) {
                auto* e = static_cast<EdgeItem*>(i);
                m_edges.push_back({e, e->traffic()});
                e->setTraffic(std::nullopt);
            }
        }
    }
    ~DesignedLook()
    {
        for (const auto& c : m_components) {
            c.item->setLive(c.live);
            c.item->setFaulty(c.faulty);
        }
        for (const auto& e : m_edges)
            e.item->setTraffic(e.traffic);
    }

private:
    struct Component
    {
        ComponentItem* item;
        std::optional<LiveState> live;
        bool faulty;
    };
    struct Edge
    {
        EdgeItem* item;
        std::optional<EdgeTraffic> traffic;
    };
    std::vector<Component> m_components;
    std::vector<Edge> m_edges;
};

void render(CanvasScene& scene, QPainter& painter, QSize size, bool keepRunColours)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    // Selection outlines are for the editor, not for the picture.
    const QSignalBlocker quiet(&scene); // the selection is back as it was before anyone could look
    const auto selected = scene.selectedItems();
    for (auto* item : selected)
        item->setSelected(false);
    {
        std::optional<DesignedLook> designed;
        if (!keepRunColours)
            designed.emplace(scene);
        const ZoneBoxes zones(scene);

        // The title: the study's name and the variant, a band over the drawing.
        const double titleHeight = std::clamp(size.height() * 0.06, 24.0, 72.0);
        QFont font = painter.font();
        font.setPixelSize(int(titleHeight * 0.5));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(QColor(0x26, 0x32, 0x38));
        const QString study = QString::fromStdString(scene.document()->study().name);
        const QString title = study.isEmpty() ? scene.variant() : study + " — " + scene.variant();
        const QRectF titleBox(16.0, 0.0, size.width() - 32.0, titleHeight);
        painter.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(font).elidedText(title, Qt::ElideRight, titleBox.width()));

        // The drawing fitted under the title, centred (render alone keeps it at the top left).
        const QRectF area(0.0, titleHeight, size.width(), size.height() - titleHeight);
        const QRectF source = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20);
        QRectF target(QPointF(), source.size().scaled(area.size(), Qt::KeepAspectRatio));
        target.moveCenter(area.center());
        scene.setPlainBackground(true);
        scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
        scene.setPlainBackground(false);
    }
    for (auto* item : selected)
        item->setSelected(true);
}

} // namespace

bool exportCanvas(CanvasScene& scene, const QString& path, const QString& format, QSize size, QString* error,
                  bool keepRunColours)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (size.width() <= 0 || size.height() <= 0)
        return fail(QString("the size must be positive (got %1x%2)").arg(size.width()).arg(size.height()));
    if (format == "png") {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&image);
            render(scene, painter, size, keepRunColours);
        }
        return image.save(path, "PNG") || fail("cannot write " + path);
    }
    if (format == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle("ScaleLab canvas");
        QPainter painter;
        if (!painter.begin(&svg))
            return fail("cannot write " + path);
        render(scene, painter, size, keepRunColours);
        return (painter.end() && charts::sizeSvgInPixels(path, size.width(), size.height())) ||
               fail("cannot write " + path);
    }
    return fail("unknown canvas format '" + format + "': use png or svg");
}

} // namespace scalelab::gui
