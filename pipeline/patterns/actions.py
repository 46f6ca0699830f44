"""Words that mark an action item: imperative openings, commitments, owners and due dates."""
import re

IMPERATIVE_VERBS = (
    "add adopt alert align allocate analyse analyze apply archive assign audit automate back backup build "
    "change check clean clarify communicate conduct configure consolidate create decommission define "
    "deploy design develop disable document double-check draft educate embrace enable enforce enhance "
    "ensure establish evaluate expand explore extend fix formalise formalize harden hire hold identify "
    "implement improve include incorporate increase inform install instrument integrate introduce "
    "investigate isolate keep limit maintain make migrate mitigate monitor move notify optimise optimize "
    "organise organize patch perform pin plan prepare prevent prioritise prioritize procure provide purge "
    "raise re-enable rebuild record reduce refactor regularly remove replace require restrict retire "
    "review revise rewrite roll rotate run schedule separate set share simplify split standardise "
    "standardize start stop strengthen switch tag test track train tune update upgrade use utilise "
    "utilize validate verify write"
).split()
IMPERATIVE = re.compile(r"^(?:we (?:will|should|must|need to) |to )?(?:" + "|".join(IMPERATIVE_VERBS) + r")\b", re.I)
LABELLED_ITEM = re.compile(r"^[^:]{2,60}:\s+")
COMMITMENT = re.compile(
    r"\b(?:will|shall|should|must|need(?:s|ed)? to|going to|plan(?:s|ned)? to|intend(?:s|ed)? to|"
    r"working (?:to|on)|we'?ll|to be (?:added|implemented|done|fixed)|has been (?:scheduled|filed|added)|"
    r"(?:filed|fixed|added|done)\b(?= ?(?:by|https?|an?|the)?)|suggest(?:ed|s)?|recommend(?:ed|s)?|have to|"
    r"are (?:adding|implementing|moving|migrating|introducing|building)|is being|are being)\b", re.I)
NO_ACTION = re.compile(r"^(?:none|n/?a|nothing|no action|tbd)\b", re.I)
OWNER = re.compile(r"(?:\bowner|\bassignee|\bassigned to|\bresponsible)\s*[:\-]\s*(?P<owner>@?[\w.-]+(?: [A-Z][\w.-]+)?)"
                   r"|\((?:owner:\s*)?(?P<handle>@[\w.-]+)\)", re.I)
DUE = re.compile(r"\b(?:due(?: date)?|deadline|by|eta|target(?: date)?)\s*[:\-]?\s*", re.I)
# A sentence that introduces the list after it as actions, where no heading does.
LIST_INTRO = re.compile(r"\b(?:follow[- ]?ups?|action items?|next steps|to-?dos?|we will|we'll|we are going to|"
                        r"going forward|we (?:have )?agreed|to prevent (?:this|a repeat|recurrence))\b", re.I)
