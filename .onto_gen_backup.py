# Generates ontology/alkkg.ttl (one-off; the committed TTL is the source of truth afterwards).
H = '''@prefix alkkg: <https://w3id.org/alkkg/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix vann: <http://purl.org/vocab/vann/> .

<https://w3id.org/alkkg/ontology> a owl:Ontology ;
    owl:versionIRI <https://w3id.org/alkkg/ontology/0.1.0> ;
    owl:versionInfo "0.1.0" ;
    dcterms:title "alkkg ontology"@en ;
    dcterms:description "Terms for an open knowledge graph of ALK-positive non-small-cell lung cancer: agents, ALK alterations, resistance mechanisms, clinical trials and their outcomes, adverse events, and the claims the literature makes about them, each claim with its source, locator and quote."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:created "2026-11-21"^^xsd:date ;
    vann:preferredNamespacePrefix "alkkg" ;
    vann:preferredNamespaceUri "https://w3id.org/alkkg/ontology/" ;
    rdfs:comment "Resources (agents, variants, trials, claims) live under https://w3id.org/alkkg/id/; terms live here. Every claim is a node (alkkg:Claim, a prov:Entity) that prov:wasDerivedFrom its publication, with alkkg:locator and alkkg:quote."@en .

# Reused external terms, declared so that OWL tools know their kind.
prov:Entity a owl:Class ; rdfs:label "entity (PROV-O)"@en .
prov:wasDerivedFrom a owl:ObjectProperty ; rdfs:label "was derived from (PROV-O)"@en .
bibo:AcademicArticle a owl:Class ; rdfs:label "academic article (BIBO)"@en .
bibo:doi a owl:DatatypeProperty ; rdfs:label "DOI (BIBO)"@en .
bibo:pmid a owl:DatatypeProperty ; rdfs:label "PubMed id (BIBO)"@en .
skos:altLabel a owl:AnnotationProperty .
skos:prefLabel a owl:AnnotationProperty .
skos:definition a owl:AnnotationProperty .
skos:editorialNote a owl:AnnotationProperty .
skos:broader a owl:ObjectProperty ; rdfs:label "has broader (SKOS)"@en .
skos:exactMatch a owl:ObjectProperty ; rdfs:label "exact match (SKOS)"@en .
dcterms:title a owl:AnnotationProperty .
dcterms:bibliographicCitation a owl:AnnotationProperty .
dcterms:license a owl:AnnotationProperty .
dcterms:description a owl:AnnotationProperty .
dcterms:created a owl:AnnotationProperty .
vann:preferredNamespacePrefix a owl:AnnotationProperty .
vann:preferredNamespaceUri a owl:AnnotationProperty .
'''
def esc(s): return s.replace('\\','\\\\').replace('"','\\"')
out=[H]
def cls(name, label, definition, parent=None, extra=''):
    p = f" ;\n    rdfs:subClassOf {parent}" if parent else ''
    out.append(f'alkkg:{name} a owl:Class ;\n    rdfs:label "{esc(label)}"@en ;\n    skos:definition "{esc(definition)}"@en{p}{extra} .\n')
def prop(name, kind, label, definition, domain=None, range_=None, sub=None, extra=''):
    s=f'alkkg:{name} a owl:{kind} ;\n    rdfs:label "{esc(label)}"@en ;\n    skos:definition "{esc(definition)}"@en'
    if domain: s+=f' ;\n    rdfs:domain {domain}'
    if range_: s+=f' ;\n    rdfs:range {range_}'
    if sub: s+=f' ;\n    rdfs:subPropertyOf {sub}'
    out.append(s+extra+' .\n')
def ind(name, cl, label, definition, alt=()):
    a=''.join(f' ;\n    skos:altLabel "{esc(x)}"@en' for x in alt)
    out.append(f'alkkg:{name} a owl:NamedIndividual, alkkg:{cl} ;\n    rdfs:label "{esc(label)}"@en ;\n    skos:definition "{esc(definition)}"@en{a} .\n')

out.append('\n#################### Substances and agents\n')
cls('Substance','substance','Anything that can be given to or taken by a patient and interact with a treatment: a drug, a food, or a named class of drugs (e.g. strong CYP3A inhibitors).', 'prov:Entity')
cls('Agent','therapeutic agent','A drug or biological product named in the literature as a treatment or as an interacting drug.','alkkg:Substance')
cls('TargetedAgent','targeted agent','An agent that acts on a specific molecular target.','alkkg:Agent')
cls('KinaseInhibitor','kinase inhibitor','A targeted agent that inhibits one or more protein kinases.','alkkg:TargetedAgent')
cls('ALKInhibitor','ALK inhibitor','A kinase inhibitor developed to inhibit anaplastic lymphoma kinase (ALK).','alkkg:KinaseInhibitor')
cls('FirstGenerationALKInhibitor','first-generation ALK inhibitor','An ALK inhibitor that a source calls first-generation (crizotinib).','alkkg:ALKInhibitor')
cls('NextGenerationALKInhibitor','next-generation ALK inhibitor','An ALK inhibitor developed after crizotinib, which a source calls next-generation, second-generation or later.','alkkg:ALKInhibitor')
cls('SecondGenerationALKInhibitor','second-generation ALK inhibitor','A next-generation ALK inhibitor that a source calls second-generation.','alkkg:NextGenerationALKInhibitor')
cls('ThirdGenerationALKInhibitor','third-generation ALK inhibitor','A next-generation ALK inhibitor that a source calls third-generation.','alkkg:NextGenerationALKInhibitor')
cls('EGFRInhibitor','EGFR inhibitor','A kinase inhibitor of the epidermal growth factor receptor.','alkkg:KinaseInhibitor')
cls('METInhibitor','MET inhibitor','A kinase inhibitor of MET.','alkkg:KinaseInhibitor')
cls('SRCInhibitor','SRC inhibitor','A kinase inhibitor of SRC.','alkkg:KinaseInhibitor')
cls('MTORInhibitor','mTOR inhibitor','An inhibitor of the mechanistic target of rapamycin kinase.','alkkg:KinaseInhibitor')
cls('HSP90Inhibitor','HSP90 inhibitor','A targeted agent that inhibits the chaperone HSP90.','alkkg:TargetedAgent')
cls('VEGFInhibitor','VEGF inhibitor','A targeted agent that blocks vascular endothelial growth factor signalling (e.g. bevacizumab).','alkkg:TargetedAgent')
cls('ChemotherapyAgent','chemotherapy agent','A cytotoxic agent used as chemotherapy.','alkkg:Agent')
cls('ImmuneCheckpointInhibitor','immune checkpoint inhibitor','An antibody that blocks an immune checkpoint (PD-1, PD-L1).','alkkg:Agent')
cls('CYP3AInhibitor','CYP3A inhibitor','An agent named for inhibiting CYP3A, and so raising the exposure to drugs CYP3A clears.','alkkg:Agent')
cls('CYP3AInducer','CYP3A inducer','An agent named for inducing CYP3A, and so lowering the exposure to drugs CYP3A clears.','alkkg:Agent')

out.append('\n#################### Genes, variants, diseases\n')
cls('Gene','gene','A gene, standing also for the protein it encodes (targets and fusion partners are named by gene symbol).','prov:Entity')
cls('Variant','genomic alteration','A genomic alteration of a gene: a point mutation, an insertion, a fusion, an amplification, or a named combination or group of these.','prov:Entity')
cls('PointMutation','point mutation','A single-residue substitution in a protein (missense variant), e.g. ALK G1202R.','alkkg:Variant')
cls('KinaseDomainMutation','ALK kinase-domain mutation','A mutation of the ALK tyrosine kinase domain, the kind that confers resistance to ALK inhibitors.','alkkg:Variant')
cls('Insertion','in-frame insertion','An in-frame insertion of one or more residues, e.g. ALK 1151Tins.','alkkg:Variant')
cls('CompoundMutation','compound mutation','Two or more mutations found together in one tumour, e.g. ALK L1196M + C1156Y.','alkkg:Variant')
cls('VariantGroup','variant group','Alternative substitutions at one residue that a source reports together, e.g. ALK G1269A/S; a claim about the group is a claim about each member as the source pooled them.','alkkg:Variant')
cls('Rearrangement','gene rearrangement','A structural rearrangement of a gene, with any partner.','alkkg:Variant')
cls('Fusion','gene fusion','A rearrangement that joins a partner gene to the gene, e.g. EML4-ALK.','alkkg:Rearrangement')
cls('Amplification','amplification','An increase of a gene\'s copy number.','alkkg:Variant')
cls('Disease','disease','A disease or a molecularly defined subtype of one.','prov:Entity')
cls('KinaseRegion','kinase region','A structural region of a kinase domain in which a mutation lies (gatekeeper, solvent front, ...).')

out.append('\n#################### Resistance mechanisms\n')
cls('ResistanceMechanism','resistance mechanism','A way in which a tumour escapes an ALK inhibitor.','prov:Entity')
cls('ALKDependentMechanism','ALK-dependent mechanism','Resistance in which the tumour still depends on ALK: a secondary ALK mutation or ALK amplification.','alkkg:ResistanceMechanism')
cls('SecondaryMutationMechanism','secondary ALK mutation','Resistance by a secondary mutation of the ALK kinase domain.','alkkg:ALKDependentMechanism')
cls('AmplificationMechanism','ALK amplification (mechanism)','Resistance by amplification (copy-number gain) of the ALK fusion gene.','alkkg:ALKDependentMechanism')
cls('ALKIndependentMechanism','ALK-independent mechanism','Resistance in which the tumour no longer depends on ALK alone.','alkkg:ResistanceMechanism')
cls('BypassTrack','bypass track','ALK-independent resistance by activation of another signalling pathway (EGFR, KIT, IGF1R, HER2/HER3, SRC, MET/HGF, KRAS, mTOR, HSP90).','alkkg:ALKIndependentMechanism')
cls('PhenotypicTransformation','phenotypic transformation','ALK-independent resistance by a change of cell phenotype or histology.','alkkg:ALKIndependentMechanism')
cls('EMTMechanism','epithelial-mesenchymal transition','Resistance by epithelial-mesenchymal transition.','alkkg:PhenotypicTransformation')
cls('HistologicTransformation','histologic transformation','Resistance by transformation to another histology (sarcomatoid, small-cell).','alkkg:PhenotypicTransformation')
cls('FusionLossMechanism','loss of the ALK fusion','ALK-independent resistance in which the ALK fusion is no longer detected at progression.','alkkg:ALKIndependentMechanism')
cls('PharmacokineticMechanism','pharmacokinetic mechanism','Resistance through the drug not reaching the tumour: the CNS sanctuary, P-glycoprotein efflux.','alkkg:ResistanceMechanism')
cls('UnknownMechanism','unknown mechanism','Resistance whose mechanism the source could not identify.','alkkg:ResistanceMechanism')

out.append('\n#################### Trials and publications\n')
cls('ClinicalTrial','clinical trial','A clinical study of one or more agents, identified by name and registry id.','prov:Entity')
cls('TrialArm','trial arm','One arm (or dose cohort) of a clinical trial.','prov:Entity')
cls('Publication','publication','A source paper of the graph.','bibo:AcademicArticle')
cls('AdverseEvent','adverse event term','A kind of adverse event, as a term (e.g. nausea, vision disorder).')
cls('RegulatoryAgency','regulatory agency','A body that approves drugs (FDA, EMA, PMDA, ...).')

out.append('\n#################### Claims\n')
cls('Claim','claim','A statement one source makes, as a node: it prov:wasDerivedFrom its publication and has a locator (table, section) and the quoted text it rests on. Claims from different sources may contradict each other (alkkg:contradicts).','prov:Entity')
for n,l,d in [
 ('ActivityClaim','activity claim','A claim that an agent is active (sensitive), not active (resistant), or less active (reduced) against a variant, with the kind of evidence.'),
 ('AliasClaim','alias claim','A claim that an agent is also known by a name (a development code).'),
 ('TargetClaim','target claim','A claim that an agent inhibits a gene product or variant.'),
 ('AgentPropertyClaim','agent property claim','A claim about a property of an agent: CNS penetration or activity, P-glycoprotein substrate status, generation, mechanism of action.'),
 ('DoseClaim','dose claim','A claim of a dose at which an agent is given.'),
 ('ApprovalClaim','approval claim','A claim that an agency approved an agent (year, kind, setting).'),
 ('InteractionClaim','drug interaction claim','A claim that another substance changes the exposure to or effect of an agent.'),
 ('VariantRegionClaim','variant region claim','A claim that a variant lies in a region of the kinase.'),
 ('ResistanceClaim','resistance mechanism claim','A claim that a mechanism causes resistance (to an agent), with the share of cases the source reports.'),
 ('CombinationClaim','combination claim','A claim that a combination partner is proposed or tested to overcome a resistance mechanism or variant.'),
 ('FusionPartnerClaim','fusion partner claim','A claim that a gene is an ALK fusion partner in a disease, with its share.'),
 ('PrevalenceClaim','prevalence claim','A claim of how often an alteration occurs in a disease.'),
 ('DiagnosticClaim','diagnostic claim','A claim about a diagnostic method for ALK (FISH, IHC, RT-PCR, NGS, liquid biopsy), with thresholds.'),
 ('StrategyClaim','treatment strategy claim','A claim recommending a treatment action in a clinical situation.'),
 ('TrialDescriptionClaim','trial description claim','A source\'s description of a trial: registry id as stated, phase, design, line, population, arms and n.'),
 ('OutcomeClaim','outcome claim','An efficacy result of a trial arm or comparison: endpoint, statistic, value with unit, CI and p as stated.'),
 ('AdverseEventClaim','adverse event claim','The incidence of an adverse event with an agent (in a trial), per grade band.'),
 ('AEManagementClaim','adverse event management claim','A monitoring or management rule for an adverse event of an agent.'),
]:
    cls(n,l,d,'alkkg:Claim')
cls('ArmDescription','arm description','Part of a trial description claim: one arm as the source describes it (regimen, dose, n).','prov:Entity')
cls('Correction','correction','A separate, annotated statement that a claim reproduces an error of its source, with the corrected value and where it was checked. The claim itself keeps what the source says.','prov:Entity')

out.append('\n#################### Controlled values\n')
for n,l,d in [('ActivityLevel','activity level','How an agent acts against a variant.'),('EvidenceKind','evidence kind','The kind of evidence a claim rests on.'),('AgentProperty','agent property','A property of an agent that claims are made about.'),('ResistanceSetting','resistance setting','Whether resistance is present before treatment (primary) or arises on it (acquired).'),('InteractionEffect','interaction effect','The direction of a drug interaction.'),('DevelopmentStatus','development status','How far a proposed combination has been tested.'),('DiagnosticMethod','diagnostic method','A method of detecting an ALK rearrangement or resistance.'),('ClinicalSituation','clinical situation','The situation a treatment strategy applies to.'),('TreatmentAction','treatment action','An action a strategy recommends.'),('Endpoint','endpoint','An efficacy endpoint of a trial.'),('Statistic','statistic','The summary statistic a value is.'),('Unit','unit','A unit of measure.'),('GradeBand','grade band','A CTCAE grade or band of grades.'),('ManagementAction','management action','A way of managing an adverse event.'),('ApprovalKind','approval kind','The kind of a regulatory approval.')]:
    cls(n,l,d)
IND = {
 'ActivityLevel':[('Sensitive','sensitive','The variant remains sensitive to the agent: the agent retains activity.'),('Resistant','resistant','The variant confers resistance to the agent.'),('Reduced','reduced activity','The agent keeps some but reduced activity against the variant.'),('NotTested','not tested','The source states that the combination was not tested.')],
 'EvidenceKind':[('ClinicalEvidence','clinical evidence','Evidence from patients treated in trials or cohorts.'),('CellLineEvidence','cell-line evidence','Evidence from cell lines, e.g. Ba/F3 cells expressing the variant.'),('InVivoEvidence','in vivo evidence','Evidence from animal models (xenografts).'),('CaseReportEvidence','case report','Evidence from one or a few reported patients.'),('BiochemicalEvidence','biochemical evidence','Evidence from enzyme or binding assays.'),('EvidenceNotStated','evidence kind not stated','The source (e.g. a review table) does not say what kind of evidence the claim rests on.')],
 'AgentProperty':[('CNSPenetration','CNS penetration','How well the agent crosses the blood-brain barrier.'),('CNSActivity','CNS activity','Activity of the agent against brain metastases.'),('PgpSubstrate','P-glycoprotein substrate','Whether the agent is a substrate of P-glycoprotein (ABCB1) efflux.'),('Generation','generation','The generation a source assigns to an ALK inhibitor.'),('MechanismOfAction','mechanism of action','How the agent acts.')],
 'ResistanceSetting':[('AcquiredResistance','acquired resistance','Resistance arising during treatment after an initial response.'),('PrimaryResistance','primary resistance','Resistance present from the start of treatment.')],
 'InteractionEffect':[('IncreasesExposure','increases exposure','The interactor raises the plasma concentration of the agent.'),('DecreasesExposure','decreases exposure','The interactor lowers the plasma concentration of the agent.'),('IncreasesEffect','increases effect','The interactor adds to an effect of the agent (e.g. bradycardia, QT prolongation).'),('AvoidCombination','avoid combination','The source advises against combining them.')],
 'DevelopmentStatus':[('Proposed','proposed','Proposed as a rationale, not yet tested.'),('Preclinical','preclinical','Tested in preclinical models.'),('InTrial','in trial','Under study in a clinical trial.'),('ClinicallyTested','clinically tested','Tested in patients with results reported.')],
 'DiagnosticMethod':[('FISH','fluorescence in situ hybridisation','Break-apart FISH, the reference test for ALK rearrangement.'),('IHC','immunohistochemistry','Immunohistochemical detection of the ALK protein.'),('RTPCR','RT-PCR','Reverse-transcription PCR detection of fusion transcripts.'),('NGS','next-generation sequencing','Sequencing-based detection of fusions and mutations.'),('LiquidBiopsy','liquid biopsy','Analysis of circulating tumour DNA in blood.'),('Rebiopsy','re-biopsy','A new tissue biopsy at progression.'),('CTC','circulating tumour cells','Analysis of circulating tumour cells.')],
 'ClinicalSituation':[('Oligoprogression','oligoprogression','Progression at a few sites only.'),('SystemicProgression','systemic progression','Progression at many sites.'),('CNSProgression','CNS progression','Progression in the brain.'),('Progression','progression','Progression on treatment, unspecified.'),('FirstLine','first line','Treatment of untreated advanced disease.'),('CrizotinibRefractory','crizotinib-refractory disease','Disease that progressed on crizotinib.'),('AfterNextGenerationInhibitor','after a next-generation inhibitor','Disease that progressed on a next-generation ALK inhibitor.')],
 'TreatmentAction':[('LocalAblativeTherapy','local ablative therapy','Radiotherapy or surgery to the progressing sites.'),('ContinueTKI','continue the TKI','Continue the ALK inhibitor beyond progression.'),('SwitchInhibitor','switch inhibitor','Switch to another (next-generation) ALK inhibitor.'),('GiveChemotherapy','chemotherapy','Give chemotherapy.'),('GiveImmunotherapy','immunotherapy','Give an immune checkpoint inhibitor.'),('RebiopsyAction','re-biopsy to find the mechanism','Biopsy again to find the resistance mechanism.'),('CombinationTherapy','combination therapy','Combine the ALK inhibitor with another agent.'),('DoseEscalation','dose escalation','Raise the dose.')],
 'Endpoint':[('ORR','objective response rate','Share of patients with a complete or partial response.',['ORR','response rate']),('DCR','disease control rate','Share of patients with response or stable disease.',['DCR']),('PFS','progression-free survival','Time to progression or death.',['PFS']),('OS','overall survival','Time to death.',['OS']),('OS1y','1-year overall survival rate','Share of patients alive at one year.',['OS-1y','1-year OS']),('DoR','duration of response','Time from response to progression.',['DoR']),('TTR','time to response','Time from start to response.',['TTR']),('ICORR','intracranial objective response rate','Response rate of brain metastases.',['IC-ORR']),('ICDCR','intracranial disease control rate','Disease control rate in the brain.',['IC-DCR']),('ICPFS','intracranial progression-free survival','Time to progression in the brain.',['IC-PFS']),('ICTTP','intracranial time to progression','Time to progression in the brain.',['IC-TTP']),('TTF','time to treatment failure','Time to stopping treatment for any reason.',['TTF'])],
 'Statistic':[('Proportion','proportion','A share of patients.'),('Median','median','A median time.'),('HazardRatio','hazard ratio','A hazard ratio of an arm against a comparator.'),('Rate','rate','An event rate at a landmark time.')],
 'Unit':[('Percent','percent','Per hundred.',['%']),('Month','month','A month of time.',['months']),('Week','week','A week of time.',['weeks']),('Day','day','A day of time.',['days']),('Ratio','ratio (unitless)','A unitless ratio, e.g. a hazard ratio.'),('Milligram','milligram','A mass in mg.',['mg']),('MilligramPerSquareMetre','milligram per square metre','A dose per body surface, mg/m2.',['mg/m2']),('AUC','area under the curve (carboplatin dosing)','Carboplatin dose as target AUC.',['AUC']),('Cell','cells','A count of cells.',['cells'])],
 'GradeBand':[('AnyGrade','any grade','All CTCAE grades.',['any']),('Grade3to4','grade 3-4','CTCAE grades 3 and 4.',['3-4']),('Grade3to5','grade 3-5','CTCAE grades 3 to 5.',['3-5']),('Grade3','grade 3','CTCAE grade 3.',['3']),('Grade4','grade 4','CTCAE grade 4.',['4']),('Grade5','grade 5','CTCAE grade 5 (death).',['5'])],
 'ManagementAction':[('Monitor','monitor','Monitor for the event.'),('DoseReduction','dose reduction','Reduce the dose.'),('Interruption','interruption','Interrupt treatment until recovery.'),('Discontinuation','discontinuation','Stop the agent permanently.'),('SupportiveCare','supportive care','Treat the symptom.'),('Avoid','avoid','Avoid the agent or the combination.')],
 'ApprovalKind':[('AcceleratedApproval','accelerated approval','Approval on surrogate endpoints, pending confirmation.'),('FullApproval','full approval','Regular approval.'),('ConditionalApproval','conditional approval','Conditional marketing authorisation.')],
 'KinaseRegion':[('Gatekeeper','gatekeeper residue','The residue at the back of the ATP pocket that controls access (ALK L1196).'),('SolventFront','solvent front','The solvent-exposed region at the mouth of the ATP pocket (ALK G1202, D1203, S1206).'),('ATPPocket','ATP-binding pocket','The pocket where ATP and ATP-competitive inhibitors bind.'),('CHelix','alphaC helix','The alphaC helix of the kinase N-lobe and its neighbourhood.'),('ActivationLoop','activation loop','The activation loop of the kinase.'),('KinaseDomainRegion','kinase domain (unspecified region)','Somewhere in the kinase domain, region not given.'),('OtherRegion','other region','A region the fixed list does not name.')],
}
for c,items in IND.items():
    for it in items:
        ind(it[0],c,it[1],it[2],it[3] if len(it)>3 else ())

out.append('\n#################### Properties: provenance and claims\n')
P=prop
P('about','ObjectProperty','about','The thing a claim is about. Each property that names a claim\'s subject (agent, variant, trial, ...) is a sub-property, so this one lists them all.')
P('locator','DatatypeProperty','locator','Where in the source the claim (or correction) is: table, row and column, section, figure, or reference file.',None,'xsd:string')
P('quote','DatatypeProperty','quote','The passage of the source, verbatim, that the claim rests on.','alkkg:Claim','xsd:string')
P('sourceRow','DatatypeProperty','source row','The curated table file and line the claim was built from.',None,'xsd:string')
P('evidenceKind','ObjectProperty','evidence kind','The kind of evidence a claim rests on.','alkkg:Claim','alkkg:EvidenceKind')
P('contradicts','ObjectProperty','contradicts','The two claims disagree: same subject, different value.','alkkg:Claim','alkkg:Claim',extra=' ;\n    a owl:SymmetricProperty')
P('flaggedAsSourceError','DatatypeProperty','flagged as source error','True when the claim reproduces a certain error of its source; see its alkkg:Correction.','alkkg:Claim','xsd:boolean')
P('corrects','ObjectProperty','corrects','The claim a correction is about.','alkkg:Correction','alkkg:Claim')
P('correctedBy','ObjectProperty','corrected by','A correction of this claim.','alkkg:Claim','alkkg:Correction',extra=' ;\n    owl:inverseOf alkkg:corrects')
P('correctedField','DatatypeProperty','corrected field','The field of the claim that is wrong in the source.','alkkg:Correction','xsd:string')
P('correctedValue','DatatypeProperty','corrected value','What the field should read.','alkkg:Correction','xsd:string')
P('seedFile','DatatypeProperty','seed file','The text file the publication was extracted to, in the project\'s seeds.','alkkg:Publication','xsd:string')

out.append('\n#################### Properties: claim subjects (sub-properties of alkkg:about)\n')
for n,l,d,r in [('agent','agent','The agent the claim is about.','alkkg:Substance'),('variant','variant','The variant the claim is about.','alkkg:Variant'),('target','target','The gene product or variant an agent inhibits.',None),('trial','trial','The trial the claim is about.','alkkg:ClinicalTrial'),('arm','arm','The trial arm a value belongs to (the experimental arm of a comparison).','alkkg:TrialArm'),('comparator','comparator arm','The control arm of a comparison (hazard ratio).','alkkg:TrialArm'),('mechanism','mechanism','The resistance mechanism the claim is about.','alkkg:ResistanceMechanism'),('interactor','interactor','The substance that interacts with the agent.','alkkg:Substance'),('partner','combination partner','An agent proposed to combine with.','alkkg:Substance'),('fusionPartner','fusion partner','The gene fused to ALK.','alkkg:Gene'),('disease','disease','The disease the claim is about.','alkkg:Disease'),('alteration','alteration','The alteration whose prevalence is given.','alkkg:Variant'),('adverseEvent','adverse event','The adverse event term.','alkkg:AdverseEvent'),('afterAgent','after agent','The agent on which the disease progressed.','alkkg:Substance'),('recommendedAgent','recommended agent','An agent the strategy recommends.','alkkg:Substance')]:
    P(n,'ObjectProperty',l,d,None,r,'alkkg:about')
out.append('\n#################### Properties: claim values\n')
for n,l,d,dom,r in [
 ('activity','activity','How the agent acts against the variant.','alkkg:ActivityClaim','alkkg:ActivityLevel'),
 ('property','property','The agent property claimed.','alkkg:AgentPropertyClaim','alkkg:AgentProperty'),
 ('region','region','The kinase region.',None,'alkkg:KinaseRegion'),
 ('setting','resistance setting','Primary or acquired.','alkkg:ResistanceClaim','alkkg:ResistanceSetting'),
 ('effect','interaction effect','Direction of the interaction.','alkkg:InteractionClaim','alkkg:InteractionEffect'),
 ('status','development status','How far the combination was tested.','alkkg:CombinationClaim','alkkg:DevelopmentStatus'),
 ('method','diagnostic method','The method.','alkkg:DiagnosticClaim','alkkg:DiagnosticMethod'),
 ('situation','clinical situation','The situation.','alkkg:StrategyClaim','alkkg:ClinicalSituation'),
 ('recommends','recommends','The action recommended.','alkkg:StrategyClaim','alkkg:TreatmentAction'),
 ('endpoint','endpoint','The endpoint.','alkkg:OutcomeClaim','alkkg:Endpoint'),
 ('statistic','statistic','The statistic.','alkkg:OutcomeClaim','alkkg:Statistic'),
 ('unit','unit','The unit of the value.',None,'alkkg:Unit'),
 ('grade','grade band','The grade band.','alkkg:AdverseEventClaim','alkkg:GradeBand'),
 ('action','management action','The action.','alkkg:AEManagementClaim','alkkg:ManagementAction'),
 ('approvalKind','approval kind','The kind of approval.','alkkg:ApprovalClaim','alkkg:ApprovalKind'),
 ('agency','agency','The approving agency.','alkkg:ApprovalClaim','alkkg:RegulatoryAgency'),
 ('describesArm','describes arm','An arm as this trial description gives it.','alkkg:TrialDescriptionClaim','alkkg:ArmDescription'),
 ('regimenAgent','regimen agent','An agent given in the arm.',None,'alkkg:Substance'),
 ('involvesGene','involves gene','A gene involved in a mechanism.',None,'alkkg:Gene')]:
    P(n,'ObjectProperty',l,d,dom,r)
for n,l,d,dom,r in [
 ('model','model','The experimental model (e.g. Ba/F3 cells).','alkkg:ActivityClaim','xsd:string'),
 ('measure','measure','A measurement as stated (e.g. an IC50).','alkkg:ActivityClaim','xsd:string'),
 ('statedValue','stated value','The value as the source states it.','alkkg:AgentPropertyClaim','xsd:string'),
 ('alias','alias','A name the source gives the agent.','alkkg:AliasClaim','xsd:string'),
 ('doseValue','dose','The dose, in alkkg:unit.','alkkg:DoseClaim','xsd:decimal'),
 ('schedule','schedule','How often the dose is given.',None,'xsd:string'),
 ('context','context','The setting of a dose or strategy, as stated.',None,'xsd:string'),
 ('year','year','The year of an approval.','alkkg:ApprovalClaim','xsd:integer'),
 ('settingText','setting','The setting of an approval, as stated.','alkkg:ApprovalClaim','xsd:string'),
 ('interactionMechanism','interaction mechanism','How the interaction works, as stated.','alkkg:InteractionClaim','xsd:string'),
 ('recommendationText','recommendation','What the source recommends, as stated.',None,'xsd:string'),
 ('detail','detail','Further detail as stated.',None,'xsd:string'),
 ('sharePercent','share (percent)','The share of cases, in percent.',None,'xsd:decimal'),
 ('count','count','The number of cases.',None,'xsd:integer'),
 ('total','total','The number of cases examined.',None,'xsd:integer'),
 ('shareText','share as stated','A share the source gives as a range or an approximation.',None,'xsd:string'),
 ('shareLow','share, low (percent)','Lower end of a range of shares.','alkkg:PrevalenceClaim','xsd:decimal'),
 ('shareHigh','share, high (percent)','Upper end of a range of shares.','alkkg:PrevalenceClaim','xsd:decimal'),
 ('population','population','The population a value or trial refers to, as stated.',None,'xsd:string'),
 ('fusionVariants','fusion variants','Fusion variants named (e.g. E13;A20), as stated.','alkkg:FusionPartnerClaim','xsd:string'),
 ('finding','finding','The diagnostic statement.','alkkg:DiagnosticClaim','xsd:string'),
 ('threshold','threshold','A numeric threshold, in alkkg:unit.','alkkg:DiagnosticClaim','xsd:decimal'),
 ('approved','approved','Whether the method is approved (companion diagnostic).','alkkg:DiagnosticClaim','xsd:boolean'),
 ('statedRegistryId','registry id as stated','The registry id the source gives for the trial.','alkkg:TrialDescriptionClaim','xsd:string'),
 ('phase','phase','The trial phase (1, 1/2, 2, 3).',None,'xsd:string'),
 ('design','design','The trial design, as stated.','alkkg:TrialDescriptionClaim','xsd:string'),
 ('line','line of therapy','The setting and line of therapy, as stated.','alkkg:TrialDescriptionClaim','xsd:string'),
 ('sampleSize','n','The number of patients.',None,'xsd:integer'),
 ('doseText','dose as stated','The dose of an arm, as stated.','alkkg:ArmDescription','xsd:string'),
 ('armSlug','arm slug','The short name of the arm within its trial.',None,'xsd:string'),
 ('value','value','The value, in alkkg:unit.','alkkg:OutcomeClaim','xsd:decimal'),
 ('ciLow','CI lower bound','Lower bound of the confidence interval.','alkkg:OutcomeClaim','xsd:decimal'),
 ('ciHigh','CI upper bound','Upper bound of the confidence interval.','alkkg:OutcomeClaim','xsd:decimal'),
 ('ciLevel','CI level (percent)','The level of the confidence interval; 95 unless stated.','alkkg:OutcomeClaim','xsd:decimal'),
 ('pValue','p-value','The p-value as stated (see alkkg:pRelation).','alkkg:OutcomeClaim','xsd:decimal'),
 ('pRelation','p relation','How the p-value is bounded: "<", "=", ">", "<=".','alkkg:OutcomeClaim','xsd:string'),
 ('approximate','approximate','True when the source gives the value as approximate.',None,'xsd:boolean'),
 ('incidencePercent','incidence (percent)','Share of patients with the event, in percent.','alkkg:AdverseEventClaim','xsd:decimal'),
 ('position','position','Residue position in the reference protein.','alkkg:Variant','xsd:integer'),
 ('referenceResidue','reference residue','One-letter code of the reference amino acid.','alkkg:Variant','xsd:string'),
 ('variantResidue','variant residue','One-letter code of the variant (or inserted) amino acid.','alkkg:Variant','xsd:string'),
 ('registryId','registry id','A trial registry id (NCT, UMIN, JapicCTI) checked in a public source.','alkkg:ClinicalTrial','xsd:string')]:
    P(n,'DatatypeProperty',l,d,dom,r)
out.append('\n#################### Properties: entities\n')
P('partnerGene','ObjectProperty','partner gene','The gene fused to ALK in a fusion.','alkkg:Fusion','alkkg:Gene')
P('gene','ObjectProperty','gene','The gene a variant alters.','alkkg:Variant','alkkg:Gene')
P('hasComponent','ObjectProperty','has component','A mutation that is part of a compound mutation.','alkkg:CompoundMutation','alkkg:Variant')
P('hasMember','ObjectProperty','has member','A variant that a variant group pools.','alkkg:VariantGroup','alkkg:Variant')
P('hasArm','ObjectProperty','has arm','An arm of the trial.','alkkg:ClinicalTrial','alkkg:TrialArm')
P('armOf','ObjectProperty','arm of','The trial an arm belongs to.','alkkg:TrialArm','alkkg:ClinicalTrial',extra=' ;\n    owl:inverseOf alkkg:hasArm')
P('inhibits','ObjectProperty','inhibits','The agent inhibits the gene product or variant, per at least one unflagged target claim.','alkkg:Agent')
P('inRegion','ObjectProperty','in region','The variant lies in the kinase region, per at least one unflagged claim.','alkkg:Variant','alkkg:KinaseRegion')
P('involvedIn','ObjectProperty','involved in','A mechanism, or a claim about one, that the gene takes part in.','alkkg:Gene',None,extra=' ;\n    owl:inverseOf alkkg:involvesGene')
out.append('''
alkkg:Publication rdfs:subClassOf prov:Entity .

# Disjointness the data must respect; the reasoner reports a violation as an inconsistency.
[] a owl:AllDisjointClasses ;
    owl:members ( alkkg:Substance alkkg:Gene alkkg:Variant alkkg:Disease alkkg:ResistanceMechanism alkkg:ClinicalTrial alkkg:TrialArm alkkg:Claim alkkg:Publication alkkg:Correction alkkg:ArmDescription ) .
[] a owl:AllDisjointClasses ;
    owl:members ( alkkg:Sensitive alkkg:Resistant ) .
alkkg:ALKDependentMechanism owl:disjointWith alkkg:ALKIndependentMechanism .
alkkg:FirstGenerationALKInhibitor owl:disjointWith alkkg:NextGenerationALKInhibitor .
''')
open('/work/main/ontology/alkkg.ttl','w').write('\n'.join(out))
