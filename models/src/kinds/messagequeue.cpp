#include "kinds/messagequeue.h"

#include "analytic/network.h"
#include "runtime.h"

#include <deque>

namespace scalelab::models {

namespace kinds {

namespace {

struct QueueState : detail::KindState
{
    std::deque<detail::Message> queue;
    int delivering = 0;
    std::uint64_t deadLetters = 0, consumed = 0;
    bool consumerDown = false; // consumer outage
    std::uint32_t consumerGen = 0;
};

/// Hands waiting messages to free consumer slots.
void deliver(detail::Runtime& rt, detail::Component& q)
{
    QueueState& s = q.as<QueueState>();
    if (!q.consumer || q.instances.empty() || !q.instances[0].machine->isUp() || s.consumerDown)
        return;
    const int slots = q.cfg.concurrency * q.consumer->servingCount();
    while (!s.queue.empty() && s.delivering < slots) {
        const detail::Message m = s.queue.front();
        s.queue.pop_front();
        ++s.delivering;
        rt.startMessage(q, m, q.instances[0]);
    }
}

} // namespace

std::unique_ptr<detail::KindState> MessageQueue::makeState(const ComponentConfig&) const
{
    return std::make_unique<QueueState>();
}

void MessageQueue::link(detail::Runtime& rt, detail::Component& c) const
{
    if (!c.cfg.consumer.empty())
        c.consumer = rt.byName.at(c.cfg.consumer);
}

detail::Next MessageQueue::admit(detail::Runtime& rt, detail::Component& c, sim::Request&, detail::Frame& fr) const
{
    QueueState& s = c.as<QueueState>();
    if (!fr.at->machine->isUp())
        return detail::Next::Fail;
    if (s.queue.size() >= c.cfg.queueCapacity)
        return detail::Next::Reject;
    // The consumer's work: the publish step's cpu and calls, at the consumer.
    s.queue.push_back({rt.derived(*fr.plan, c.cfg.consumer), rt.sim.now(), 0});
    deliver(rt, c);
    fr.stage = detail::Stage::Release; // the producer goes on once enqueued (to its next stage, if any)
    return detail::Next::Go;
}

void MessageQueue::delivered(detail::Runtime& rt, detail::Component& c, const detail::Message& m,
                             sim::Outcome o) const
{
    QueueState& s = c.as<QueueState>();
    --s.delivering;
    if (o == sim::Outcome::Ok) {
        ++s.consumed;
    } else if (m.attempts + 1 >= c.cfg.maxAttempts) {
        ++s.deadLetters;
    } else {
        s.queue.push_back({m.consumerPlan, m.enqueued, m.attempts + 1});
    }
    deliver(rt, c);
}

double MessageQueue::backlogFor(const detail::Component& c, const detail::Component& consumer) const
{
    return c.consumer == &consumer ? double(c.as<QueueState>().queue.size()) : 0.0;
}

void MessageQueue::resumed(detail::Runtime& rt, detail::Component& c) const { deliver(rt, c); }

void MessageQueue::gauges(const detail::Runtime& rt, const detail::Component& c, std::vector<Gauge>& out) const
{
    const QueueState& s = c.as<QueueState>();
    const std::string& n = c.cfg.name;
    out.push_back({n, "backlog", double(s.queue.size())});
    out.push_back({n, "oldest_age", s.queue.empty() ? 0.0 : rt.sim.now() - s.queue.front().enqueued});
    out.push_back({n, "in_delivery", double(s.delivering)});
    out.push_back({n, "consumed", double(s.consumed)});
    out.push_back({n, "dead_letters", double(s.deadLetters)});
}

bool MessageQueue::consumerOutage(detail::Runtime& rt, detail::Component& c, double duration) const
{
    QueueState& s = c.as<QueueState>();
    s.consumerDown = true;
    const std::uint32_t gen = ++s.consumerGen;
    rt.emitFault("fault_start", c.cfg.name, "consumer outage");
    detail::Runtime* r = &rt;
    detail::Component* q = &c;
    rt.sim.at(rt.sim.now() + duration, [r, q, gen] {
        QueueState& st = q->as<QueueState>();
        if (st.consumerGen != gen)
            return;
        st.consumerDown = false;
        r->emitFault("fault_end", q->cfg.name, "consumer outage");
        deliver(*r, *q);
    });
    return true;
}

void MessageQueue::analyticCall(analytic::detail::Network&, analytic::detail::Node& n, int) const
{
    n.at = n.target; // the publish step's demands are the consumer's
}

} // namespace kinds

SCALELAB_DEFINE_KIND(MessageQueue)

} // namespace scalelab::models
