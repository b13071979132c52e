"""Phrase banks for demo comments, written for voices: no real person, place or local service named.

Each codebook theme has fragments in three stances: what went wrong or worries people ("bad"),
what worked ("good") and what people ask for ("ask"). `{slot}` markers are filled from SLOTS (`{slot_cap}`
capitalised, to open a sentence), so a few hundred fragments make tens of thousands of comments. "[name]" and "[place]" appear
as the redactor leaves them, because stored comments look like that.
"""

from __future__ import annotations

from typing import Literal

Stance = Literal["bad", "good", "ask"]
Persona = Literal["resident", "survivor", "supporter", "group"]

THEMES: dict[str, dict[Stance, tuple[str, ...]]] = {
    "awareness_of_services": {
        "bad": (
            "I honestly had no clue there was any free support round here until I had to go looking for it.",
            "Most people I know couldn't name one place to go after an assault apart from the police.",
            "The only number anyone knows is 999, and not everyone wants the police.",
            "I looked online for {time_long} before I found anything that wasn't a national website.",
            "Nobody at {setting} had any idea where to send me.",
            "The leaflet I was given had a phone number on it that had stopped working.",
        ),
        "good": (
            "A card with the helpline number in the toilets at {venue} is how I knew who to ring.",
            "{worker_cap} gave me a list of places to call and explained what each one did.",
            "The posters at the doctor's surgery were the first time I heard of the advisers.",
        ),
        "ask": (
            "Put the support numbers where people actually look: {advert_spot}.",
            "Advertise that you can get help without going to the police, most people don't know that.",
            "There should be one simple number everyone in the county knows.",
            "Tell people what happens when they ring, that would take the fear out of it.",
            "Staff at {setting} should all know where to point someone.",
        ),
    },
    "victim_blaming": {
        "bad": (
            "You still hear people say she was asking for it because of what she wore.",
            "When it happened to {relation} the first thing people asked was how much she'd had to drink.",
            "People round here talk about 'why didn't she just leave' like it's that simple.",
            "I was made to feel it was my fault for walking home on my own.",
            "The comments under news stories on local pages are full of blaming the girl.",
            "Even older relatives say lads will be lads and girls should know better.",
            "There's a lot of judgement about people who go back to someone's house after a night out.",
        ),
        "good": (
            "My friends never once asked what I was wearing, they just asked what I needed.",
            "It was a relief that nobody at {service} made me feel it was my fault.",
        ),
        "ask": (
            "Campaigns should be aimed at the people who do it, not at telling women to stay in.",
            "Challenge the 'she was drunk' attitude head on, it is everywhere.",
            "Posters that say it is never the victim's fault would help, people need to hear it.",
            "Talk to dads and grandads too, the old attitudes get passed down at home.",
        ),
    },
    "consent_education": {
        "bad": (
            "My kids say the lessons on consent at school were one assembly and a video.",
            "A lot of {young} genuinely don't understand what consent means.",
            "Relationships lessons at school were awkward and the teacher skipped half of it.",
            "{young_cap} learn about sex from porn and their mates, not from anyone sensible.",
        ),
        "good": (
            "The workshop the school ran on healthy relationships was brilliant, my son came home talking about it.",
            "A youth worker did a session on consent at the club and the kids really listened.",
        ),
        "ask": (
            "Teach consent properly from primary school, in an age-appropriate way.",
            "Parents need help to talk about consent at home, we were never taught it ourselves.",
            "Get proper trained people into schools rather than leaving it to a form tutor.",
            "Consent education should include what to do if a friend tells you something happened.",
            "Sports clubs and youth groups should be part of teaching respect and consent.",
        ),
    },
    "public_spaces_safety": {
        "bad": (
            "I don't feel safe walking through {public_place} after dark, the lighting is awful.",
            "Being groped in {venue} is so common that my friends don't even mention it any more.",
            "Waiting at {public_place} late at night is the worst part of a night out.",
            "Some taxi drivers make comments that make you feel very uncomfortable.",
            "At work customers think they can touch you and managers laugh it off.",
            "The last bus home is often rowdy and there's no one to turn to if something happens.",
        ),
        "good": (
            "The door staff at {venue} stepped in quickly when a man wouldn't leave my friend alone.",
            "Since the new street lights went in I feel much better walking home.",
        ),
        "ask": (
            "Better lighting and cameras in {public_place} would make a real difference.",
            "Train all bar and door staff to spot and step in when someone is being targeted.",
            "A safe space in the town centre on Friday and Saturday nights would help a lot of people.",
            "Make it easy to report harassment in {venue} without having to go to the police.",
        ),
    },
    "online_abuse": {
        "bad": (
            "Girls at school get sent explicit pictures on {online} all the time and nobody does anything.",
            "Someone shared private photos of {relation} in a group chat and it went round the whole school.",
            "Men on {online} think it's fine to send unwanted pictures.",
            "When I reported an account that was threatening to share my photos, the site did nothing.",
            "Grooming happens through games and apps that parents have never heard of.",
        ),
        "good": (
            "The officer took the threats on {online} seriously and got the images taken down.",
        ),
        "ask": (
            "Parents need to know how to help when their child's images are shared online.",
            "Sharing intimate images should be treated as seriously as any other sexual offence.",
            "There needs to be a quick way to get images removed without a long fight.",
            "Teach young people that forwarding a nude is abuse, not a joke.",
        ),
    },
    "being_believed": {
        "bad": (
            "The first person I told said I must have got it wrong, and I didn't tell anyone else for {time_long}.",
            "I felt like {service} didn't believe me from the moment I walked in.",
            "Family members took his side and that hurt more than anything.",
            "You can tell when someone is listening but doesn't really believe you.",
            "I was asked the same questions over and over as if they were trying to catch me out.",
        ),
        "good": (
            "{worker_cap} said 'I believe you' in the first five minutes and I cried with relief.",
            "Being believed straight away made me feel I could carry on with it.",
            "Nobody doubted me at {service}, they just focused on what I needed.",
        ),
        "ask": (
            "Start by believing people, that is all anyone asks.",
            "Everyone who takes a disclosure should be trained to respond without doubting.",
            "Remember that people often wait years to tell and that does not make it untrue.",
        ),
    },
    "waiting_times_capacity": {
        "bad": (
            "I waited {time_long} for counselling and nearly gave up.",
            "The waiting list for {service} was closed when I tried, so I had nowhere to go.",
            "Six sessions is nowhere near enough for what people are dealing with.",
            "My ISVA was clearly overloaded, she had far too many people to support.",
            "Being told the wait is {time_long} when you are in crisis is devastating.",
            "Staff are lovely but there are just not enough of them.",
        ),
        "good": (
            "I was seen within {time_short}, which I didn't expect at all.",
            "They rang me every few weeks while I waited so I didn't feel forgotten.",
        ),
        "ask": (
            "Fund more counsellors so the wait isn't {time_long}.",
            "Give people something while they wait, even a weekly phone call would help.",
            "Specialist services need proper long-term funding, not one-year grants.",
            "Offer a group or drop-in while people are on the waiting list.",
        ),
    },
    "trauma_informed_practice": {
        "bad": (
            "The nurse rushed through everything and didn't explain what she was doing.",
            "I had to sit in a busy waiting room and I could hardly breathe.",
            "{worker_cap} used words that made me feel like a case number, not a person.",
            "Nobody checked if I was okay to carry on when I got upset.",
        ),
        "good": (
            "{worker_cap} was so patient, she let me go at my own pace and never pushed.",
            "They let me have a break whenever I needed one and that made all the difference.",
            "I felt safe with {worker}, which I hadn't felt with anyone for a long time.",
            "They explained every step before it happened, so nothing came as a shock.",
            "The room was calm and quiet and they offered me a drink and time to settle.",
        ),
        "ask": (
            "Everyone who works with survivors needs trauma training, including receptionists.",
            "Explain what will happen before it happens, it gives back a bit of control.",
            "Please don't make people repeat the details again and again.",
        ),
    },
    "choice_and_control": {
        "bad": (
            "Decisions were made about me without anyone asking what I wanted.",
            "I asked for a female worker and was told there wasn't one.",
            "I felt pushed into reporting when I wasn't ready.",
            "The only appointments were in the daytime and I couldn't get time off work.",
        ),
        "good": (
            "I was told I could stop at any point and that it was my decision.",
            "They let me choose where to meet, which meant I didn't have to travel into town.",
            "Nobody pressured me to go to the police, they said the choice was mine.",
            "Being able to pick between phone and face-to-face sessions helped so much.",
        ),
        "ask": (
            "Let people choose the gender of their worker.",
            "Offer evening and weekend appointments for people who work.",
            "Make it clear from the start that you can get support whether or not you report.",
        ),
    },
    "access_and_inclusion": {
        "bad": (
            "I live out in the villages and the nearest service is two buses away.",
            "There was nothing for men, everything I found was aimed at women.",
            "As a gay man I didn't feel the service was meant for people like me.",
            "My mum doesn't speak much English and there was no interpreter offered.",
            "The building had stairs and no lift, so I couldn't get in with my wheelchair.",
            "Paying for petrol and parking every week for counselling was more than I could afford.",
            "The forms assumed everyone can read well and use a computer.",
        ),
        "good": (
            "They came out to see me at home because I couldn't get into town.",
            "An interpreter was there for every appointment and that meant my sister could speak freely.",
        ),
        "ask": (
            "Run clinics in the market towns, not just in the city.",
            "Make sure men and boys know the service is for them too.",
            "Offer online or phone sessions for people in rural areas.",
            "Information in easy read and in other languages is badly needed.",
            "Help with travel costs would make it possible for more people to come.",
        ),
    },
    "children_and_young_people": {
        "bad": (
            "When {relation} told the school what had happened they didn't seem to know what to do.",
            "There was nothing for teenagers, {relation} was too old for one service and too young for the other.",
            "Harmful sexual behaviour between pupils gets brushed off as messing about.",
            "The school kept the boy in the same classes as my daughter.",
        ),
        "good": (
            "The children's worker was amazing with {relation} and made her feel safe.",
            "School put a plan in place quickly and checked in with us every week.",
        ),
        "ask": (
            "Young people need a service they can contact themselves without a parent.",
            "Schools need clear guidance for when one pupil harms another.",
            "Support for parents of children who have been abused, we were completely lost.",
        ),
    },
    "lifelong_support": {
        "bad": (
            "The counselling ended after twelve weeks and I was left on my own again.",
            "It came back to me {time_long} later and there was nowhere to go back to.",
            "Mental health services said it was too complex and sent me back to the GP.",
            "Anniversaries are hard and there's nothing for people years down the line.",
        ),
        "good": (
            "Knowing I can ring back if things get hard again is a huge comfort.",
            "Long-term counselling has honestly changed my life.",
        ),
        "ask": (
            "Let people come back to support when they need it, without starting from scratch.",
            "There should be support for people abused many years ago, not just recent cases.",
            "Join up counselling with mental health services so nobody falls through the gap.",
        ),
    },
    "reporting_barriers": {
        "bad": (
            "I didn't report because I knew him and everyone would find out.",
            "In a small place like ours everyone knows everyone, so reporting feels impossible.",
            "I didn't realise what happened was a crime until {time_long} later.",
            "Fear of going to court stopped me from reporting.",
            "I was too ashamed to tell anyone, let alone the police.",
            "People don't report because they think they won't be believed.",
        ),
        "good": (
            "Being able to talk it through first, without deciding anything, made me brave enough to report.",
        ),
        "ask": (
            "Explain the reporting process clearly so people know what they are signing up for.",
            "Let people report anonymously or get advice before deciding.",
            "Reassure people that it is never too late to report.",
        ),
    },
    "police_response": {
        "bad": (
            "The officer who took my statement seemed bored and kept looking at the clock.",
            "I heard nothing from the police for {time_long} and had to chase every update.",
            "The police took my phone for months and I had no way of contacting people.",
            "They told me it was my word against his and there was no point.",
            "The officer changed three times and I had to start again with each one.",
        ),
        "good": (
            "The specially trained officer was kind, clear and kept me updated.",
            "The police came within {time_short} and took it seriously from the start.",
            "My officer rang me every couple of weeks even when there was no news.",
        ),
        "ask": (
            "Give people one named officer who stays with the case.",
            "Keep victims updated even when there is nothing new, silence is the worst.",
            "All officers should be trained in how trauma affects memory.",
        ),
    },
    "courts_and_justice": {
        "bad": (
            "The trial was put back three times and it has now been {time_long}.",
            "Being cross-examined felt like I was the one on trial.",
            "The case was dropped with a two-line letter and no explanation.",
            "He got a suspended sentence and I got a life sentence.",
            "I had to walk past his family in the court corridor.",
        ),
        "good": (
            "My ISVA came to court with me and I couldn't have done it without her.",
            "Giving evidence by video link meant I didn't have to see him.",
            "The witness service showed me the courtroom beforehand so I knew what to expect.",
        ),
        "ask": (
            "Cases need to get to court far faster, the wait ruins lives.",
            "Every victim going through court should have an ISVA.",
            "Explain decisions to drop a case face to face, not in a letter.",
        ),
    },
    "perpetrator_accountability": {
        "bad": (
            "He is still walking round town as if nothing happened.",
            "The same man has done this to other women and nothing ever happens to him.",
            "There are no consequences, so why would anyone stop.",
            "The order was broken twice and he just got a warning.",
        ),
        "good": (
            "Seeing him convicted finally made me feel that someone listened.",
        ),
        "ask": (
            "Put money into programmes that stop men offending in the first place.",
            "Repeat offenders need to be tracked and stopped.",
            "Orders that keep people away from victims should actually be enforced.",
            "Focus on the people who do it, not on telling victims to be careful.",
        ),
    },
    "partnership_working": {
        "bad": (
            "I had to tell my story to {count_word} different people because nobody shares anything.",
            "The GP, the police and the counsellor all seemed to be working separately.",
            "I was referred from one service to another and back again.",
            "Nobody told the school what was going on, so they couldn't help.",
        ),
        "good": (
            "{worker_cap} sorted out the referrals for me so I didn't have to chase anyone.",
            "It felt joined up, everyone knew what was happening without me repeating it.",
        ),
        "ask": (
            "Services should talk to each other so you only have to tell it once.",
            "One key worker who coordinates everything would help so much.",
            "Make referrals between services quicker and simpler.",
        ),
    },
    "positive_experience": {
        "bad": (),
        "good": (
            "Thank you to {worker}, you honestly saved my life.",
            "{service_cap} were brilliant from start to finish.",
            "I can't fault the support I had from {service}.",
            "{worker_cap} [name] was amazing, she went above and beyond.",
            "I didn't think anything would help but it really did.",
            "Everyone at {service} was kind and I would recommend it to anyone.",
        ),
        "ask": (
            "Keep doing what you're doing, it works.",
            "Whatever you do, don't cut the funding for {service}.",
        ),
    },
}

SLOTS: dict[str, tuple[str, ...]] = {
    "time_long": ("eight months", "over a year", "nearly two years", "six months", "ten months", "almost a year"),
    "time_short": ("a couple of days", "the same week", "two days", "the next morning", "a week"),
    "worker": (
        "my ISVA", "my counsellor", "the nurse at the SARC", "the officer", "the helpline worker",
        "my support worker", "the doctor",
    ),
    "service": (
        "the ISVA service", "the counselling service", "the helpline", "the SARC", "the police",
        "my GP surgery", "the sexual health clinic", "victim support", "[place]",
    ),
    "setting": ("my GP surgery", "the job centre", "work", "college", "the school", "the hospital", "the council"),
    "public_place": (
        "the town centre", "the high street", "the station", "the retail park", "the bus station",
        "the park by the river", "the taxi rank", "the underpass", "[place]",
    ),
    "venue": ("pubs", "clubs", "bars in town", "the festival", "the student union", "late-night takeaways"),
    "young": ("teenagers", "young lads", "girls at secondary school", "year 9s", "sixth formers", "kids"),
    "relation": ("my daughter", "my son", "my partner", "my best friend", "my sister", "a friend", "my niece"),
    "online": ("Snapchat", "Instagram", "group chats", "dating apps", "TikTok", "gaming sites"),
    "advert_spot": (
        "bus shelters", "pub toilets", "the back of school planners", "pharmacy counters",
        "local news websites", "the parish magazine", "supermarket noticeboards",
    ),
    "count_word": ("five", "six", "seven", "at least four", "eight"),
}

OPENERS: dict[Persona, tuple[str, ...]] = {
    "resident": (
        "I've lived here most of my life.", "Speaking as a parent of teenagers.", "I work nights in town.",
        "As a bar worker,", "Just my opinion but", "I'm a grandparent and", "Honestly,", "To be fair,",
    ),
    "survivor": (
        "This is hard to write.", "I'm still going through it.", "It's been a long road.",
        "Speaking for myself only.", "I used a few services.", "Honestly,",
    ),
    "supporter": (
        "I'm answering for my daughter.", "I supported my partner through this.",
        "As a mum watching my child go through it,", "I was the friend she told first.",
    ),
    "group": (
        "Our group talked about this at length.", "Several people in our group said the same thing.",
        "Passing on what the group said:", "The group's main points were these.",
    ),
}

CLOSERS: tuple[str, ...] = (
    "Thank you for asking.", "Please actually act on this.", "That's all really.",
    "Hope this helps someone.", "It shouldn't be this hard.", "Thanks for listening.",
    "Something needs to change.", "I hope the next person has it easier.",
)

# Short answers to the "something else" boxes that follow a choice question.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "barrier": (
        "Worry about losing my job", "Not wanting to get a family member in trouble",
        "My immigration status", "Not wanting to go through it all again in court",
        "Being a man, people would laugh", "Worry about social services getting involved",
        "Having no phone signal or internet at home", "Worry that it would get back to my partner",
        "Being drunk at the time", "Not wanting to be seen going in",
    ),
    "service": (
        "A housing support worker", "Hospital A&E", "A university wellbeing team", "A charity for male survivors",
        "A women's refuge", "A drug and alcohol service", "My employer's helpline", "A mental health crisis team",
    ),
    "information": (
        "A women's group", "The library", "A trade union", "A youth club", "A faith leader",
        "A student union advice centre", "A charity shop noticeboard",
    ),
    "waiting": (
        "A phone call every week or two", "A group to go to while waiting", "Knowing how long the wait will be",
        "Someone to text when it gets bad", "Some information on coping in the meantime",
        "Being told I haven't been forgotten", "Self-help resources I can use at night",
    ),
    "place": (
        "The car park behind the shops", "Walking home along the river path", "The train station at night",
        "Outside the kebab shop at closing time", "The park after dark", "Country lanes with no pavement",
    ),
}
